package io.paramant.client.internal.envelope;

import io.paramant.client.PublicKeys;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Resolves a sender's DID to its public keys, so that a signed blob can be verified. The seam to
 * the network: the SDK resolves through the relay's DID documents and the CT log; tests and pinned
 * setups use {@link #of}.
 *
 * <p>A directory need not be trusted to be honest about bindings: the envelope checks that the
 * returned keys derive the DID before it uses them, so a directory can only fail to answer, not
 * substitute keys.
 */
@FunctionalInterface
public interface SenderDirectory {

  /** The keys registered for {@code did}, or empty if it is unknown. */
  Optional<PublicKeys> lookup(String did);

  /** A directory that knows nobody: signed blobs fail with {@code UNKNOWN_SENDER}. */
  static SenderDirectory none() {
    return did -> Optional.empty();
  }

  /** A directory of these signing devices. */
  static SenderDirectory of(PublicKeys... senders) {
    Map<String, PublicKeys> byDid =
        Stream.of(senders)
            .collect(
                Collectors.toUnmodifiableMap(
                    keys ->
                        keys.did()
                            .orElseThrow(
                                () ->
                                    new IllegalArgumentException(
                                        "a sender needs an ML-DSA-65 key")),
                    Function.identity()));
    return did -> Optional.ofNullable(byDid.get(did));
  }
}
