package io.paramant.client.cli;

import io.paramant.client.AuditChain;
import io.paramant.client.AuditVerification;
import io.paramant.client.GhostPipe;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code paramant audit [--csv] [--verify] [-o FILE]}: {@link GhostPipe#audit()}, {@link
 * GhostPipe#auditCsv} and {@link GhostPipe#verifyAudit(AuditChain)}.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Exports this account's audit chain in the relay's sector (GET /v2/audit): its hash-chained"
          + " history of inbound, burn, expiry, ack, webhook, key and DID registration and"
          + " revocation events, metadata only, and the anchors of its heads in the relay's log."
          + " Prints it as JSON (every page put together), or with --csv as the relay's CSV;"
          + " -o writes it to FILE instead (never overwritten).",
      "With --verify, also verifies it: every entry_hash is SHA3-256(prev_hash || RFC 8785 JSON of"
          + " the entry) and chains from 32 zero bytes (or from the retention base), every anchor"
          + " is an audit leaf proven under a tree head verified like 'verify' verifies one and"
          + " names the chain's hash at its seq and the account's audit id, and no entry more than"
          + " 120 s old lacks an anchor logged within 120 s. Prints one line: 'verified:"
          + " entries=N anchors=M head_seq=S head_hash=H ...'; a chain that does not verify is one"
          + " line naming the reason and the seq, exit 9."
    })
final class AuditCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Mixin private AuthOption auth;

  @Option(names = "--csv", description = "The relay's CSV (RFC 4180) instead of JSON.")
  private boolean csv;

  @Option(
      names = "--verify",
      description =
          "Verify the chain, its anchors in the log and that no minute with entries went"
              + " unanchored; print one summary line (with -o, the verified JSON goes to FILE).")
  private boolean verify;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the export to FILE (which must not exist) instead of standard output.")
  private Path output;

  @Override
  public Integer call() throws IOException {
    if (csv && verify) {
      throw new ParameterException(
          spec.commandLine(), "--csv and --verify are mutually exclusive (verify the JSON)");
    }
    if (output != null && Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
      throw new UncheckedIOException(new FileAlreadyExistsException(output.toString()));
    }
    PrintWriter out = spec.commandLine().getOut();
    try (GhostPipe pipe = client.pipe(true, null, auth.auth())) {
      if (csv) {
        if (output == null) {
          pipe.auditCsv(terminalSafe(out));
          out.flush();
        } else {
          write(pipe::auditCsv);
        }
        return ExitCodes.OK;
      }
      AuditChain chain = pipe.audit();
      if (verify) {
        AuditVerification verified = pipe.verifyAudit(chain);
        if (output != null) {
          write(stream -> stream.write(json(chain)));
        }
        out.println(summary(verified));
        return ExitCodes.OK;
      }
      if (output == null) {
        out.println(chain.toJson());
      } else {
        write(stream -> stream.write(json(chain)));
      }
      return ExitCodes.OK;
    }
  }

  /** The line {@code --verify} prints. */
  static String summary(AuditVerification verified) {
    return "verified: entries="
        + verified.entries()
        + " anchors="
        + verified.anchors()
        + " head_seq="
        + verified.headSeq()
        + " head_hash="
        + verified.headHash()
        + (verified.baseSeq() > 0 ? " base_seq=" + verified.baseSeq() : "")
        + (verified.anchors() > 0
            ? " tree_size=" + verified.treeSize() + " log_key_id=" + verified.logKeyId()
            : "");
  }

  /**
   * Bytes to {@code out} as characters: printable ASCII, CR and LF as they are (what the relay's
   * CSV holds), anything else as {@code ?}, so that an export cannot take over the terminal.
   */
  static OutputStream terminalSafe(PrintWriter out) {
    return new OutputStream() {
      @Override
      public void write(int b) {
        int c = b & 0xff;
        out.write(c == '\r' || c == '\n' || (c >= 0x20 && c < 0x7f) ? c : '?');
      }
    };
  }

  private static byte[] json(AuditChain chain) {
    return (chain.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  /** What writes the export. */
  @FunctionalInterface
  private interface Writing {
    void to(OutputStream out) throws IOException;
  }

  /**
   * Writes to a new file beside {@code -o FILE} and moves it there only when complete: an export
   * cut off leaves no partial file under the name asked for.
   */
  private void write(Writing writing) throws IOException {
    Path target = output.toAbsolutePath();
    Path partial = Files.createTempFile(target.getParent(), ".paramant-audit-", ".part");
    try {
      try (OutputStream stream = Files.newOutputStream(partial)) {
        writing.to(stream);
      }
      Files.move(partial, target); // no REPLACE_EXISTING: a file created meanwhile is kept
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
