package io.paramant.client.cli;

import io.paramant.client.DidDocument;
import io.paramant.client.GhostPipe;
import io.paramant.client.internal.ctlog.ServedDid;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code paramant did resolve DID}: {@link GhostPipe#resolveDid(String)}. */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Fetches the DID document of DID from the relay (no API key needed) and verifies it: the DID"
          + " recomputed from the document's two keys must be DID, and the DID's leaf must be"
          + " proven in the relay's signed log, under a tree head checked like 'verify' checks one.",
      "Prints the verified document: the DID, its two keys (id, algorithm and SHA3-256 of the"
          + " key, to compare out of band), the sector, the leaf's index and time, and the tree"
          + " head it was proven under. A document that does not verify is exit 1."
    })
final class DidResolveCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ClientOptions client;

  @Parameters(paramLabel = "DID", converter = Did.class, description = "did:paramant:...")
  private String did;

  @Override
  public Integer call() {
    try (GhostPipe pipe = client.pipe(false, null)) {
      DidDocument document = pipe.resolveDid(did);
      PrintWriter out = spec.commandLine().getOut();
      out.println("did " + document.did());
      out.println(
          "sig "
              + document.signingKeyId()
              + " ML-DSA-65 sha3-256 "
              + document.signingKeyFingerprint());
      out.println(
          "kex "
              + document.keyAgreementKeyId()
              + " P-256 sha3-256 "
              + document.keyAgreementFingerprint());
      out.println("sector " + document.sector());
      out.println("ct_index " + document.ctIndex());
      out.println("logged_at " + document.insertedAt());
      out.println("tree_size " + document.treeSize() + " log_key_id " + document.logKeyId());
    }
    return ExitCodes.OK;
  }

  /** A {@code did:paramant:} identifier, as a usage error otherwise. */
  static final class Did implements ITypeConverter<String> {

    @Override
    public String convert(String value) {
      if (!ServedDid.isDid(value)) {
        throw new TypeConversionException(
            "a DID is did:paramant: and 32 characters of lowercase base32 ([a-z2-7])");
      }
      return value;
    }
  }
}
