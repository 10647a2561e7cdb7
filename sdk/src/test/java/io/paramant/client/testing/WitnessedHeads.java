package io.paramant.client.testing;

import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The tree heads a {@link FakeRelay} serves, as the {@code TreeHead} schema has them: the head, its
 * key, the log's origin and a cosignature of each witness, made (at the current time) when the head
 * is served, then passed through the test's edit.
 */
final class WitnessedHeads {

  private static final HexFormat HEX = HexFormat.of();

  private final Supplier<String> defaultOrigin;
  private final List<FakeWitness> witnesses = new CopyOnWriteArrayList<>();
  private volatile String origin;
  private volatile BiFunction<SignedTreeHead, List<Cosignature>, List<Cosignature>> edit =
      (head, cosignatures) -> cosignatures;

  WitnessedHeads(Supplier<String> defaultOrigin) {
    this.defaultOrigin = defaultOrigin;
  }

  void add(List<FakeWitness> more) {
    witnesses.addAll(more);
  }

  void edit(BiFunction<SignedTreeHead, List<Cosignature>, List<Cosignature>> edit) {
    this.edit = edit;
  }

  void origin(String origin) {
    this.origin = origin;
  }

  String origin() {
    String configured = origin;
    return configured != null ? configured : defaultOrigin.get();
  }

  JsonObjectBuilder json(SignedTreeHead head, byte[] publicKey) {
    List<Cosignature> honest = new ArrayList<>();
    for (FakeWitness witness : witnesses) {
      honest.add(witness.cosign(origin(), head, System.currentTimeMillis()));
    }
    JsonArrayBuilder cosignatures = Json.createArrayBuilder();
    for (Cosignature cosignature : edit.apply(head, honest)) {
      cosignatures.add(
          Json.createObjectBuilder()
              .add("witness_key_id", cosignature.witnessKeyId())
              .add("witness_url", cosignature.witnessUrl())
              .add("cosigned_at", cosignature.cosignedAtMillis())
              .add("signature", HEX.formatHex(cosignature.signature())));
    }
    return Json.createObjectBuilder()
        .add("origin", origin())
        .add("tree_size", head.treeSize())
        .add("root_hash", HEX.formatHex(head.rootHash()))
        .add("timestamp", head.timestampMillis())
        .add("signature", HEX.formatHex(head.signature()))
        .add("algorithm", SignedTreeHead.ALGORITHM)
        .add("key_id", head.keyId())
        .add("public_key", HEX.formatHex(publicKey))
        .add("cosignatures", cosignatures);
  }
}
