package io.paramant.client.cli;

import io.paramant.client.DeviceKeys;
import io.paramant.client.GhostPipe;
import io.paramant.client.ReceiptPins;
import io.paramant.client.VerifiedReceipt;
import io.paramant.client.WitnessCosignature;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code paramant notary verify FILE RECEIPT}: {@link GhostPipe#verifyReceipt}, offline. */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Verifies a notary receipt offline (no request): the tree head with the relay's log key as"
          + " pinned in the state directory (paramant verify pins it) or --expect-key-id, the"
          + " cosignatures of --quorum distinct witnesses with their pinned keys (any age), the"
          + " signer's fingerprint and binding recomputed from its keys, namespace and device id,"
          + " the signature, both leaves rebuilt and proven under the head; then FILE's SHA-256.",
      "Prints the signer, signed_at (the signer's claim), inserted_at (the relay's clock), the"
          + " sector and the leaf's index. A changed FILE exits 9, a receipt that does not parse"
          + " or verify exits 10, each with one line."
    })
final class NotaryVerifyCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The document.")
  private Path file;

  @Parameters(index = "1", paramLabel = "RECEIPT", description = "Its receipt (FILE.receipt.json).")
  private Path receipt;

  @Option(
      names = "--relay",
      paramLabel = "URL",
      converter = RelayTarget.RelayUrl.class,
      description =
          "The relay whose pinned log key is trusted (default: $"
              + ClientOptions.ENV_RELAY
              + ", else http://127.0.0.1:3000/).")
  private URI relay;

  @Option(
      names = "--sector",
      paramLabel = "NAME",
      converter = RelayTarget.LocalSector.Converter.class,
      description = "Instead of --relay: the relay of this sector of a local deployment.")
  private URI sector;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description = "Where the pins are, log-heads/ and pins/ (default: ~/.paramant).")
  private Path stateDirectory;

  @Option(
      names = "--expect-key-id",
      paramLabel = "HEX",
      converter = VerifyCommand.Hash.class,
      description =
          "The relay's log key id as learned out of band (64 hex digits), instead of the pinned"
              + " key.")
  private String expectedKeyId;

  @Mixin private WitnessOptions witnesses;

  @Override
  public Integer call() {
    ReceiptPins.Builder pins =
        ReceiptPins.forRelay(relay())
            .stateDirectory(
                stateDirectory != null ? stateDirectory : DeviceKeys.defaultDirectory());
    if (expectedKeyId != null) {
      pins.expectedKeyId(expectedKeyId);
    }
    witnesses.apply(pins, spec.commandLine());
    VerifiedReceipt verified = GhostPipe.verifyReceipt(file, receipt, pins.build());
    PrintWriter out = spec.commandLine().getOut();
    out.println("verified " + file + " sha256 " + verified.documentSha256());
    out.println(
        "signer "
            + verified.namespace()
            + "/"
            + verified.deviceId()
            + " fingerprint "
            + verified.fingerprint());
    out.println("signed_at " + verified.signedAt());
    out.println("inserted_at " + verified.insertedAt());
    out.println("sector " + verified.sector());
    out.println(
        "ct_index "
            + verified.ctIndex()
            + " pubkey_ct_index "
            + verified.pubkeyCtIndex()
            + " tree_size "
            + verified.treeSize()
            + " log_key_id "
            + verified.logKeyId());
    if (verified.cosignatures().isEmpty()) {
      out.println("witnesses none configured, no cosignature checked");
    }
    for (WitnessCosignature cosignature : verified.cosignatures()) {
      out.println(
          "cosigned witness_key_id "
              + cosignature.keyId()
              + " cosigned_at "
              + cosignature.cosignedAt());
    }
    return ExitCodes.OK;
  }

  private URI relay() {
    if (relay != null && sector != null) {
      throw new ParameterException(
          spec.commandLine(), "--relay and --sector are mutually exclusive");
    }
    if (relay != null) {
      return relay;
    }
    if (sector != null) {
      return sector;
    }
    String fromEnvironment = System.getenv(ClientOptions.ENV_RELAY);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      try {
        return new RelayTarget.RelayUrl().convert(fromEnvironment.strip());
      } catch (TypeConversionException e) {
        throw new ParameterException(
            spec.commandLine(), "$" + ClientOptions.ENV_RELAY + ": " + e.getMessage());
      }
    }
    return RelayTarget.LocalSector.url("main").orElseThrow();
  }
}
