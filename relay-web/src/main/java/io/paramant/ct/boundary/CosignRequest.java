package io.paramant.ct.boundary;

import io.paramant.accounts.JsonText;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Witness;
import io.paramant.relay.InvalidInputException;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /v2/witness/cosign}: {@code {"sth": <as GET /v2/ct/sth serves it>,
 * "consistency_proof": [hex...], "from_size"}}. Of the {@code sth} the witness reads {@code
 * origin}, {@code tree_size}, {@code root_hash}, {@code timestamp}, {@code signature} and {@code
 * key_id}; the served {@code public_key} and {@code cosignatures} are ignored (the witness checks
 * the head with the key its operator configured). {@code consistency_proof} may be absent when
 * empty. Any malformed part is a 400 {@code invalid_cosign_request} naming it.
 */
record CosignRequest(String origin, SignedTreeHead head, long fromSize, List<byte[]> proof) {

  /** An STH with its key, signature and proof of 128 hashes is far below this. */
  static final int MAX_BODY = 48 * 1024;

  private static final Pattern HEX = Pattern.compile("[0-9a-f]*");
  private static final int MAX_SIGNATURE_BYTES = 4096;

  static CosignRequest parse(byte[] body) {
    JsonObject json;
    JsonValue value;
    try {
      value = JsonText.value(body);
    } catch (JsonText.Malformed e) {
      throw new InvalidInputException("malformed_json", "The body is not valid JSON.");
    }
    if (value.getValueType() != JsonValue.ValueType.OBJECT) {
      throw invalid("The body is a JSON object {\"sth\",\"consistency_proof\",\"from_size\"}.");
    }
    json = value.asJsonObject();
    JsonValue sthValue = json.get("sth");
    if (sthValue == null || sthValue.getValueType() != JsonValue.ValueType.OBJECT) {
      throw invalid("sth is required: the tree head as GET /v2/ct/sth serves it.");
    }
    JsonObject sth = sthValue.asJsonObject();
    String origin = string(sth, "origin", "sth.origin");
    SignedTreeHead head =
        new SignedTreeHead(
            number(sth, "tree_size", "sth.tree_size"),
            number(sth, "timestamp", "sth.timestamp"),
            hex(string(sth, "root_hash", "sth.root_hash"), 32, 32, "sth.root_hash"),
            hex(string(sth, "signature", "sth.signature"), 1, MAX_SIGNATURE_BYTES, "sth.signature"),
            HexFormat.of()
                .formatHex(hex(string(sth, "key_id", "sth.key_id"), 32, 32, "sth.key_id")));
    long fromSize = number(json, "from_size", "from_size");
    List<byte[]> proof = new ArrayList<>();
    JsonValue proofValue = json.get("consistency_proof");
    if (proofValue != null && proofValue.getValueType() != JsonValue.ValueType.NULL) {
      if (proofValue.getValueType() != JsonValue.ValueType.ARRAY) {
        throw invalid("consistency_proof is an array of hex hashes.");
      }
      JsonArray hashes = proofValue.asJsonArray();
      if (hashes.size() > Witness.MAX_PROOF_HASHES) {
        throw invalid("consistency_proof has at most " + Witness.MAX_PROOF_HASHES + " hashes.");
      }
      for (JsonValue hash : hashes) {
        if (!(hash instanceof JsonString text)) {
          throw invalid("consistency_proof is an array of hex hashes.");
        }
        proof.add(hex(text.getString(), 32, 32, "each consistency_proof hash"));
      }
    }
    return new CosignRequest(origin, head, fromSize, proof);
  }

  private static String string(JsonObject json, String field, String name) {
    JsonValue value = json.get(field);
    if (!(value instanceof JsonString text)) {
      throw invalid(name + " is required and is a string.");
    }
    return text.getString();
  }

  private static long number(JsonObject json, String field, String name) {
    JsonValue value = json.get(field);
    if (!(value instanceof JsonNumber number) || !number.isIntegral()) {
      throw invalid(name + " is required and is a whole number.");
    }
    try {
      long n = number.longValueExact();
      if (n < 0) {
        throw invalid(name + " must not be negative.");
      }
      return n;
    } catch (ArithmeticException e) {
      throw invalid(name + " is out of range.");
    }
  }

  private static byte[] hex(String text, int minBytes, int maxBytes, String name) {
    if (text.length() % 2 != 0
        || text.length() < 2 * minBytes
        || text.length() > 2 * maxBytes
        || !HEX.matcher(text).matches()) {
      throw invalid(
          name
              + (minBytes == maxBytes
                  ? " is " + minBytes + " bytes in lowercase hex."
                  : " is lowercase hex of at most " + maxBytes + " bytes."));
    }
    return HexFormat.of().parseHex(text);
  }

  private static InvalidInputException invalid(String detail) {
    return new InvalidInputException("invalid_cosign_request", detail);
  }
}
