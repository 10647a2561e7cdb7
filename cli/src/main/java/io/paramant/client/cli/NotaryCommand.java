package io.paramant.client.cli;

import io.paramant.client.GhostPipe;
import io.paramant.client.NotaryReceipt;
import io.paramant.client.VerifiedReceipt;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code paramant notary FILE --sign --receipt}: {@link GhostPipe#notarise}. */
@Command(
    name = "notary",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    subcommands = {NotaryVerifyCommand.class},
    description = {
      "Notarises FILE (docs/notary.md): its SHA-256, computed here (the relay never sees the"
          + " document), is signed with this device's ML-DSA-65 key and logged by the relay as a"
          + " notary leaf. Then the command waits (polling up to every 2 s, at most 6 minutes) for a"
          + " signed tree head that covers the leaf and, with --witness, has the witness quorum,"
          + " and writes FILE.receipt.json: everything 'paramant notary verify' needs offline.",
      "Prints the signer, the signing time and the leaf's index in the log. The device must be"
          + " registered (paramant keys register); the key lookup in the receipt uses the API key,"
          + " also with --auth did.",
      "'paramant notary verify FILE RECEIPT' checks a receipt offline."
    })
final class NotaryCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "The document to notarise.")
  private Path file;

  @Option(
      names = "--sign",
      description = "Sign the document's SHA-256 with this device's key and have it logged.")
  private boolean sign;

  @Option(names = "--receipt", description = "Write the receipt to FILE.receipt.json.")
  private boolean receipt;

  @Option(names = "--force", description = "Replace an existing FILE.receipt.json.")
  private boolean force;

  @Mixin private ClientOptions client;

  @Mixin private AuthOption auth;

  @Override
  public Integer call() {
    if (file == null) {
      throw new ParameterException(
          spec.commandLine(), "missing FILE (or the subcommand verify FILE RECEIPT)");
    }
    if (!sign || !receipt) {
      throw new ParameterException(
          spec.commandLine(),
          "give --sign --receipt: sign FILE and write its receipt to FILE.receipt.json");
    }
    client.requireDevice();
    Path target = receiptOf(file);
    if (!force && Files.exists(target)) {
      throw new IllegalStateException(
          target + ": a receipt exists already (give --force to replace it)");
    }
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + ": not a regular file");
    }
    try (GhostPipe pipe = client.pipe(true, null, auth.auth())) {
      NotaryReceipt notarised = pipe.notarise(file);
      notarised.write(target, force);
      VerifiedReceipt what = notarised.verified();
      PrintWriter out = spec.commandLine().getOut();
      out.println("notarised " + file + " sha256 " + what.documentSha256());
      out.println(
          "signer "
              + what.namespace()
              + "/"
              + what.deviceId()
              + " fingerprint "
              + what.fingerprint());
      out.println("signed_at " + what.signedAt());
      out.println(
          "ct_index "
              + what.ctIndex()
              + " sector "
              + what.sector()
              + " inserted_at "
              + what.insertedAt());
      out.println(
          "receipt "
              + target
              + " tree_size "
              + what.treeSize()
              + " cosignatures "
              + what.cosignatures().size());
    }
    return ExitCodes.OK;
  }

  /** {@code FILE.receipt.json}, beside the file. */
  static Path receiptOf(Path file) {
    return file.resolveSibling(file.getFileName() + ".receipt.json");
  }
}
