package io.paramant.client.cli;

import io.paramant.client.LogVerifier;
import io.paramant.client.VerifiedHead;
import io.paramant.client.VerifiedInclusion;
import io.paramant.client.WitnessCosignature;
import io.paramant.client.internal.ctlog.HashText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code paramant verify}: {@link LogVerifier#verify()} and, with a hash, its inclusion proof. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Verifies a relay's transparency log: the ML-DSA-65 signature of its latest tree head, made"
          + " with the relay's key as pinned at first contact, and that the head extends the head"
          + " verified before (a consistency proof), so that a relay that rewinds or forks its log"
          + " is caught. The newest verified head is stored in the state directory.",
      "With --witness, the head must also carry fresh (at most 10 minutes old) cosignatures of"
          + " --quorum distinct witnesses, whose keys are pinned from the witnesses themselves;"
          + " the cosignatures checked are printed.",
      "With --hash, also proves that the blob's transfer is a leaf of that head."
    })
final class VerifyCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @ArgGroup(exclusive = true, multiplicity = "1")
  private RelayTarget target;

  @Option(
      names = "--hash",
      paramLabel = "BLOB_HASH",
      converter = Hash.class,
      description = "Also prove that the blob with this SHA-256 (64 hex digits) is in the log.")
  private String blobHash;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Where pinned keys and verified heads are kept, in log-heads/ (default: ~/.paramant).")
  private Path stateDirectory;

  @Option(
      names = "--expect-key-id",
      paramLabel = "HEX",
      converter = Hash.class,
      description =
          "The relay's key id as learned out of band (64 hex digits). The relay must sign with this"
              + " key, also at first contact; it replaces another pinned key, for a relay that"
              + " announced a new one.")
  private String expectedKeyId;

  @Mixin private WitnessOptions witnesses;

  @Override
  public Integer call() {
    LogVerifier.Builder builder = LogVerifier.forRelay(target.uri());
    witnesses.apply(builder, spec.commandLine());
    if (stateDirectory != null) {
      builder.stateDirectory(stateDirectory);
    }
    if (expectedKeyId != null) {
      builder.expectedKeyId(expectedKeyId);
    }
    LogVerifier log = builder.build();
    VerifiedHead head = log.verify();
    PrintWriter out = spec.commandLine().getOut();
    String expected = expectedKeyId != null ? " (as expected)" : "";
    switch (head.pinning()) {
      case FIRST_USE ->
          out.println(
              "first contact: pinned key " + head.keyId() + " for " + head.relay() + expected);
      case REPINNED ->
          out.println(
              "re-pinned: key "
                  + head.keyId()
                  + " for "
                  + head.relay()
                  + expected
                  + "; the head stored under the old key was dropped");
      case PINNED -> {
        // the usual case: the line below says what was checked
      }
    }
    out.println(
        "verified: tree_size="
            + head.treeSize()
            + " root="
            + head.rootHash()
            + " key_id="
            + head.keyId()
            + head.previousTreeSize().stream()
                .mapToObj(size -> " (consistent with tree_size=" + size + " seen before)")
                .findFirst()
                .orElse(""));
    printCosignatures(head, out);
    if (blobHash != null) {
      VerifiedInclusion inclusion = log.verifyInclusion(blobHash);
      out.println(
          "included: blob "
              + inclusion.blobHash()
              + " is leaf "
              + inclusion.leafIndex()
              + " of tree_size="
              + inclusion.treeSize()
              + " (sector "
              + inclusion.sector()
              + ", logged "
              + inclusion.insertedAt()
              + ")");
    }
    return ExitCodes.OK;
  }

  /** The cosignatures that made the quorum, one line each, or that none were required. */
  private void printCosignatures(VerifiedHead head, PrintWriter out) {
    int quorum = witnesses.quorum(spec.commandLine());
    if (quorum == 0) {
      out.println(
          "witnesses: none configured, no cosignature checked (the head is checked against this"
              + " client's own history only; give --witness to catch a relay that shows others"
              + " another log)");
      return;
    }
    for (WitnessCosignature cosignature : head.cosignatures()) {
      out.println(
          "cosigned: witness_key_id="
              + cosignature.keyId()
              + " url="
              + cosignature.witness()
              + " cosigned_at="
              + cosignature.cosignedAt()
              + " verified");
    }
    out.println(
        "quorum: "
            + head.cosignatures().size()
            + " fresh cosignature(s) of distinct pinned witnesses, "
            + quorum
            + " required");
  }

  /** 64 hex digits, as a usage error otherwise. */
  static final class Hash implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        return HashText.parse("a hash", value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected 64 hex digits");
      }
    }
  }
}
