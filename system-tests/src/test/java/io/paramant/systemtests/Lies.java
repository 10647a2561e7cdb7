package io.paramant.systemtests;

import io.paramant.ct.entry.DeviceBinding;
import io.paramant.systemtests.LyingRelay.Answer;
import io.paramant.systemtests.LyingRelay.Lie;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The lies a {@link LyingRelay} tells, one factory per lie of issue 13 (docs/security.md, "What a
 * lying relay cannot do"). Each lie is made of genuine parts where it can be; what each changes is
 * said in its javadoc.
 */
final class Lies {

  private static final HexFormat HEX = HexFormat.of();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** An ML-DSA-65 signature's length in bytes (FIPS 204). */
  private static final int ML_DSA_65_SIGNATURE = 3309;

  private Lies() {}

  /**
   * (a) Key substitution with a correctly logged substitute: {@code GET /v2/pubkey/{victimId}} is
   * answered with the real relay's genuine answer for the adversary's own device {@code
   * substituteId}, looked up with the adversary's own API key (its keys, its real leaf, a real
   * inclusion proof and a genuinely signed head), with {@code device_id} rewritten to the victim's.
   * The leaf binds the adversary's (namespace, device id), and the answer says so.
   */
  static Lie substituteKeys(String victimId, String adversaryKey, String substituteId) {
    return (request, relay) -> {
      if (!request.method().equals("GET") || !request.path().equals("/v2/pubkey/" + victimId)) {
        return null;
      }
      return relay
          .forward(request.redirected("/v2/pubkey/" + substituteId, null, adversaryKey))
          .rewritten(json -> LyingRelay.with(json, "device_id", victimId));
    };
  }

  /**
   * (a) The same substitution, also claiming the victim's binding: the answer names {@code
   * binding(namespace, victimId)}, which the adversary's leaf does not hold.
   */
  static Lie substituteKeysClaimingTheVictimsBinding(
      String victimId, String namespace, String adversaryKey, String substituteId) {
    Lie substitute = substituteKeys(victimId, adversaryKey, substituteId);
    return (request, relay) -> {
      Answer answer = substitute.tell(request, relay);
      return answer == null
          ? null
          : answer.rewritten(
              json ->
                  LyingRelay.with(
                      LyingRelay.with(json, "namespace", namespace),
                      "binding",
                      HEX.formatHex(DeviceBinding.of(namespace, victimId))));
    };
  }

  /**
   * Answers the victim's own registration ({@code POST /v2/pubkey}), which the real relay refuses
   * with 409 because the id is taken, with a success the relay makes up: the device id, the
   * fingerprint of the keys it was sent and {@code ctIndex} (the squatter's leaf). The owner is not
   * told that someone else holds its id.
   */
  static Lie acceptRefusedRegistration(String victimId, long ctIndex) {
    return (request, relay) -> {
      if (!request.method().equals("POST") || !request.path().equals("/v2/pubkey")) {
        return null;
      }
      Answer real = relay.forward(request);
      if (real.status() != 409) {
        return real;
      }
      JsonObject sent =
          Json.createReader(new java.io.ByteArrayInputStream(request.body())).readObject();
      byte[] mlDsa = sent.containsKey("dsa_pub") ? HEX.parseHex(sent.getString("dsa_pub")) : null;
      String fingerprint =
          HEX.formatHex(
              DeviceBinding.fingerprint(
                  HEX.parseHex(sent.getString("kyber_pub")),
                  HEX.parseHex(sent.getString("ecdh_pub")),
                  mlDsa));
      return Answer.json(
          Json.createObjectBuilder()
              .add("ok", true)
              .add("device_id", victimId)
              .add("fingerprint", fingerprint)
              .add("ct_index", ctIndex)
              .add("hybrid", true)
              .build());
    };
  }

  /** (b) Hides leaf {@code index}: every page of {@code GET /v2/ct/leaves} is served without it. */
  static Lie hideLeaf(long index) {
    return editLeaves(
        leaves -> {
          JsonArrayBuilder kept = Json.createArrayBuilder();
          for (JsonValue leaf : leaves) {
            if (leaf.asJsonObject().getJsonNumber("index").longValue() != index) {
              kept.add(leaf);
            }
          }
          return kept.build();
        });
  }

  /**
   * (b) Hides leaf {@code index} behind another: its place in every page holds the fields and bytes
   * of leaf {@code index - 1} (a genuine leaf of the log) with the proof of the hidden one, if the
   * page holds proofs (the owner's monitor asks for pages without them: {@code proofs=false}).
   */
  static Lie coverLeaf(long index) {
    return editLeaves(
        leaves -> {
          JsonArrayBuilder covered = Json.createArrayBuilder();
          JsonObject previous = null;
          for (JsonValue value : leaves) {
            JsonObject leaf = value.asJsonObject();
            if (leaf.getJsonNumber("index").longValue() == index && previous != null) {
              JsonObjectBuilder cover = Json.createObjectBuilder(previous).add("index", index);
              if (leaf.containsKey("inclusion_proof")) {
                cover.add("inclusion_proof", leaf.getJsonArray("inclusion_proof"));
              }
              covered.add(cover.build());
            } else {
              covered.add(leaf);
            }
            previous = leaf;
          }
          return covered.build();
        });
  }

  private static Lie editLeaves(java.util.function.UnaryOperator<JsonArray> edit) {
    return (request, relay) -> {
      if (!request.method().equals("GET") || !request.path().equals("/v2/ct/leaves")) {
        return null;
      }
      return relay
          .forward(request)
          .rewritten(
              json -> LyingRelay.with(json, "leaves", edit.apply(json.getJsonArray("leaves"))));
    };
  }

  /**
   * (c) Serves {@code blob} for {@code GET /v2/outbound/{hash}} (a blob the relay holds for another
   * hash, or made itself) and takes nothing else about that hash to the real relay.
   */
  static Lie serveBlob(String hash, byte[] blob) {
    return (request, relay) -> {
      if (request.path().equals("/v2/outbound/" + hash)
          || request.path().equals("/v2/status/" + hash)) {
        if (request.path().startsWith("/v2/status/")) {
          return Answer.json(
              Json.createObjectBuilder().add("ok", true).add("available", true).build());
        }
        return new Answer(200, "application/octet-stream", blob);
      }
      if (request.path().startsWith("/v2/ack") && new String(request.body()).contains(hash)) {
        return Answer.json(Json.createObjectBuilder().add("ok", true).build());
      }
      return null;
    };
  }

  /** Records every blob uploaded through the relay ({@code POST /v2/inbound}), by hash. */
  static Lie recordUploads(Map<String, byte[]> uploads) {
    return (request, relay) -> {
      if (request.method().equals("POST") && request.path().equals("/v2/inbound")) {
        String hash = request.headers().get("X-Paramant-Hash");
        if (hash != null) {
          uploads.put(hash, request.body());
        }
      }
      return null;
    };
  }

  /**
   * (d) Shows the client {@code fork} instead of the real log: its heads, proofs and leaves, and
   * the victim's key lookup answered from the fork's substitute leaf {@code index}.
   */
  static Lie showFork(
      ForkedLog fork, String victimId, long index, io.paramant.client.PublicKeys substitute) {
    AtomicReference<JsonObject> headTemplate = new AtomicReference<>();
    return (request, relay) -> {
      if (!request.method().equals("GET")) {
        return null;
      }
      JsonObject template =
          headTemplate.updateAndGet(t -> t != null ? t : relay.get("v2/ct/sth", null));
      switch (request.path()) {
        case "/v2/ct/sth":
          return Answer.json(fork.head(template));
        case "/v2/ct/proof/consistency":
          return Answer.json(
              fork.consistency(
                  Long.parseLong(request.parameter("first")),
                  Long.parseLong(request.parameter("second"))));
        case "/v2/ct/proof/inclusion":
          if (request.parameter("index") == null) {
            return null;
          }
          return Answer.json(
              fork.inclusion(
                  Long.parseLong(request.parameter("index")),
                  request.parameter("tree_size") == null
                      ? fork.size()
                      : Long.parseLong(request.parameter("tree_size"))));
        case "/v2/ct/leaves":
          long from = Long.parseLong(request.parameter("from"));
          long to = Long.parseLong(request.parameter("to"));
          if (from >= fork.size()) {
            return relay.forward(request); // the real relay's 400 for a page beyond the head
          }
          return Answer.json(fork.leaves(from, to, template));
        default:
          if (request.path().equals("/v2/pubkey/" + victimId)) {
            Answer real = relay.forward(request);
            return real.rewritten(json -> fork.pubkeyAnswer(json, index, substitute));
          }
          return null;
      }
    };
  }

  /** (e) Serves every tree head without cosignatures. */
  static Lie stripCosignatures() {
    return rewriteHeads(
        head -> LyingRelay.with(head, "cosignatures", Json.createArrayBuilder().build()));
  }

  /**
   * (e) Serves every tree head with a forged cosignature of the witness {@code witnessKeyId} at
   * {@code witnessUrl}: the witness's key id and URL, a fresh {@code cosigned_at} and a signature
   * of an ML-DSA-65 signature's length that no witness made. Every head carries one, also a head
   * the witness has not cosigned yet (main's log grows on its own with audit anchors: one CI run
   * got such a head, and forging only the cosignatures present left nothing to forge); other
   * cosignatures are forged the same way.
   */
  static Lie forgeCosignatures(String witnessKeyId, String witnessUrl) {
    return rewriteHeads(
        head -> {
          JsonArrayBuilder forged = Json.createArrayBuilder();
          JsonArray cosignatures =
              head.containsKey("cosignatures")
                  ? head.getJsonArray("cosignatures")
                  : Json.createArrayBuilder().build();
          boolean ofTheWitness = false;
          for (JsonValue value : cosignatures) {
            JsonObject cosignature = value.asJsonObject();
            ofTheWitness |= witnessKeyId.equals(cosignature.getString("witness_key_id", null));
            forged.add(forged(Json.createObjectBuilder(cosignature)));
          }
          if (!ofTheWitness) {
            forged.add(
                forged(
                    Json.createObjectBuilder()
                        .add("witness_key_id", witnessKeyId)
                        .add("witness_url", witnessUrl)));
          }
          return LyingRelay.with(head, "cosignatures", forged.build());
        });
  }

  private static JsonObjectBuilder forged(JsonObjectBuilder cosignature) {
    byte[] signature = new byte[ML_DSA_65_SIGNATURE];
    RANDOM.nextBytes(signature);
    return cosignature
        .add("cosigned_at", System.currentTimeMillis())
        .add("signature", HEX.formatHex(signature));
  }

  private static Lie rewriteHeads(java.util.function.UnaryOperator<JsonObject> edit) {
    return (request, relay) -> {
      if (!request.method().equals("GET")) {
        return null;
      }
      return relay.forward(request).rewritten(json -> LyingRelay.everyHead(json, edit));
    };
  }

  /**
   * (f) Replays a tree head: {@code GET /v2/ct/sth} is answered with {@code old}, a head the real
   * relay served earlier (with the cosignatures it had then).
   */
  static Lie replayHead(JsonObject old) {
    return (request, relay) ->
        request.method().equals("GET") && request.path().equals("/v2/ct/sth")
            ? Answer.json(old)
            : null;
  }
}
