package io.paramant.client;

import static io.paramant.client.ReceiptException.Reason.DOCUMENT_CHANGED;
import static io.paramant.client.ReceiptException.Reason.RECEIPT_INVALID;
import static io.paramant.client.ReceiptException.Reason.UNPARSEABLE;

import io.paramant.client.internal.ctlog.StrictJson;
import io.paramant.client.internal.notary.NotaryMessage;
import io.paramant.client.internal.notary.Receipt;
import io.paramant.client.internal.witness.PinnedWitness;
import io.paramant.ct.SectorLog;
import io.paramant.ct.entry.DeviceBinding;
import io.paramant.ct.entry.InvalidEntryException;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.ct.merkle.InvalidProofException;
import io.paramant.ct.sth.InvalidTreeHeadException;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import io.paramant.ct.witness.InvalidCosignatureException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The offline check of a notary receipt (docs/notary.md): everything the receipt claims is
 * recomputed from its fields and checked against the pins, in the order of trust: the tree head
 * (pinned log key, then the witnesses' quorum), the signer (fingerprint from the keys, binding from
 * namespace and device id, the signature), then both leaves, rebuilt and proven under that head.
 * Only a receipt that verifies is compared with the document: a changed document is {@code
 * DOCUMENT_CHANGED}, anything else {@code RECEIPT_INVALID} or {@code UNPARSEABLE}.
 */
final class ReceiptVerification {

  /** The most bytes a receipt can take: two proofs of 63 hashes and a head with 16 cosignatures. */
  static final int MAX_RECEIPT_BYTES = 1 << 20;

  private static final HexFormat HEX = HexFormat.of();
  private static final int BUFFER = 1 << 20;

  private ReceiptVerification() {}

  static VerifiedReceipt verify(Path file, Path receipt, ReceiptPins pins) {
    Receipt parsed = read(receipt);
    VerifiedReceipt verified = verify(parsed, pins);
    String actual = HEX.formatHex(sha256(file));
    if (!actual.equals(verified.documentSha256())) {
      throw new ReceiptException(
          DOCUMENT_CHANGED,
          file
              + " has SHA-256 "
              + actual
              + ", the receipt notarises "
              + verified.documentSha256()
              + " (signed by "
              + verified.namespace()
              + "/"
              + verified.deviceId()
              + ")");
    }
    return verified;
  }

  /** Reads and parses a receipt file. */
  static Receipt read(Path receipt) {
    byte[] bytes;
    try {
      if (Files.size(receipt) > MAX_RECEIPT_BYTES) {
        throw new ReceiptException(
            UNPARSEABLE, receipt + " is larger than any receipt (" + MAX_RECEIPT_BYTES + " bytes)");
      }
      bytes = Files.readAllBytes(receipt);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(bytes, receipt.toString());
  }

  static Receipt parse(byte[] bytes, String name) {
    try {
      return Receipt.read(bytes);
    } catch (StrictJson.ShapeException e) {
      throw new ReceiptException(UNPARSEABLE, name + ": " + e.getMessage());
    }
  }

  /** Checks a parsed receipt against the pins; the document is not looked at. */
  static VerifiedReceipt verify(Receipt receipt, ReceiptPins pins) {
    SignedTreeHead head = receipt.head();
    byte[] logKey = logKey(receipt, pins);
    try {
      head.verify(logKey);
    } catch (InvalidTreeHeadException e) {
      throw invalid(
          "the tree head of size "
              + head.treeSize()
              + " does not verify with the pinned log key "
              + SignedTreeHead.keyId(logKey)
              + " ("
              + e.getMessage()
              + ")");
    }
    List<WitnessCosignature> cosignatures = cosignatures(receipt, pins);
    String fingerprint =
        HEX.formatHex(DeviceBinding.fingerprint(receipt.mlKem(), receipt.ecdh(), receipt.mlDsa()));
    if (!fingerprint.equals(receipt.fingerprint())) {
      throw invalid(
          "the signer's keys have fingerprint "
              + fingerprint
              + ", the receipt names "
              + receipt.fingerprint());
    }
    String binding;
    try {
      binding = HEX.formatHex(DeviceBinding.of(receipt.namespace(), receipt.deviceId()));
    } catch (InvalidEntryException e) {
      throw invalid("the signer's namespace or device id is not valid: " + e.getMessage());
    }
    if (!binding.equals(receipt.binding())) {
      throw invalid(
          "the binding of "
              + receipt.namespace()
              + " and device "
              + receipt.deviceId()
              + " is "
              + binding
              + ", the receipt names "
              + receipt.binding());
    }
    boolean signed;
    try {
      signed =
          NotaryMessage.verifies(
              receipt.mlDsa(),
              receipt.documentSha256(),
              receipt.signedAtMillis(),
              HEX.parseHex(binding),
              receipt.signature());
    } catch (IllegalArgumentException e) {
      signed = false;
    }
    if (!signed) {
      throw invalid(
          "the signature does not verify with the signer's ML-DSA-65 key over document "
              + HEX.formatHex(receipt.documentSha256())
              + ", signed_at_ms "
              + receipt.signedAtMillis()
              + " and the binding of "
              + receipt.namespace()
              + "/"
              + receipt.deviceId());
    }
    LogEntry notary;
    LogEntry pubkey;
    try {
      notary =
          LogEntry.of(
              new LeafDetail.Notary(binding, fingerprint, receipt.signedAtMillis()),
              receipt.documentSha256(),
              receipt.sector(),
              receipt.notaryLeaf().insertedAtMillis());
      pubkey =
          LogEntry.of(
              new LeafDetail.Pubkey(binding),
              HEX.parseHex(fingerprint),
              receipt.sector(),
              receipt.pubkeyLeaf().insertedAtMillis());
    } catch (InvalidEntryException e) {
      throw invalid("the leaves cannot be rebuilt: " + e.getMessage());
    }
    included("notary", notary, receipt.notaryLeaf(), head);
    included("pubkey", pubkey, receipt.pubkeyLeaf(), head);
    return new VerifiedReceipt(
        HEX.formatHex(receipt.documentSha256()),
        Instant.ofEpochMilli(receipt.signedAtMillis()),
        receipt.namespace(),
        receipt.deviceId(),
        fingerprint,
        receipt.sector(),
        receipt.notaryLeaf().ctIndex(),
        Instant.ofEpochMilli(receipt.notaryLeaf().insertedAtMillis()),
        receipt.pubkeyLeaf().ctIndex(),
        Instant.ofEpochMilli(receipt.pubkeyLeaf().insertedAtMillis()),
        head.treeSize(),
        head.keyId(),
        cosignatures);
  }

  /** The key the head must verify with: the pinned one, or the receipt's if it has the given id. */
  private static byte[] logKey(Receipt receipt, ReceiptPins pins) {
    SignedTreeHead head = receipt.head();
    byte[] carried = receipt.sth().publicKey();
    if (pins.expectedKeyId() != null) {
      if (!pins.expectedKeyId().equals(head.keyId())
          || !pins.expectedKeyId().equals(SignedTreeHead.keyId(carried))) {
        throw invalid(
            "the tree head is signed by log key "
                + head.keyId()
                + ", not the expected key "
                + pins.expectedKeyId());
      }
      return carried;
    }
    byte[] pinned = pins.logKey().orElseThrow();
    String pinnedId = SignedTreeHead.keyId(pinned);
    if (!pinnedId.equals(head.keyId())) {
      throw invalid(
          "the tree head is signed by log key "
              + head.keyId()
              + ", not the pinned key "
              + pinnedId);
    }
    if (!Arrays.equals(pinned, carried)) {
      throw invalid("the tree head carries another public key than the pinned log key " + pinnedId);
    }
    return pinned;
  }

  /** The quorum of valid cosignatures by distinct pinned witnesses (no freshness: offline). */
  private static List<WitnessCosignature> cosignatures(Receipt receipt, ReceiptPins pins) {
    if (pins.quorum() == 0) {
      return List.of();
    }
    SignedTreeHead head = receipt.head();
    String what = "the tree head of size " + head.treeSize();
    String origin = receipt.sth().origin();
    if (origin == null || !origin.equals(pins.origin())) {
      throw invalid(
          what
              + " names origin "
              + (origin == null ? "(none)" : StrictPrint.of(origin))
              + ", not "
              + pins.origin()
              + ", so no cosignature over it counts");
    }
    Map<String, PinnedWitness> byKey = new LinkedHashMap<>();
    pins.witnesses().forEach(w -> byKey.putIfAbsent(w.keyId(), w));
    Map<String, WitnessCosignature> valid = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>(pins.unpinned());
    for (Cosignature cosignature : receipt.sth().cosignatures()) {
      PinnedWitness witness = byKey.get(cosignature.witnessKeyId());
      if (witness == null || valid.containsKey(witness.keyId())) {
        continue;
      }
      if (witness.keyId().equals(head.keyId())) {
        problems.add(witness.url() + ": the log's own key, not a witness of it");
        continue;
      }
      try {
        cosignature.verify(witness.publicKey(), pins.origin(), head);
      } catch (InvalidCosignatureException | IllegalArgumentException e) {
        problems.add("witness " + witness.keyId() + ": invalid cosignature");
        continue;
      }
      valid.put(
          witness.keyId(),
          new WitnessCosignature(
              witness.url().uri(),
              witness.keyId(),
              Instant.ofEpochMilli(cosignature.cosignedAtMillis())));
    }
    if (valid.size() < pins.quorum()) {
      throw invalid(
          what
              + " has "
              + valid.size()
              + " valid cosignature(s) of distinct pinned witnesses, "
              + pins.quorum()
              + " required"
              + (problems.isEmpty() ? "" : " (" + String.join("; ", problems) + ")"));
    }
    return List.copyOf(valid.values());
  }

  private static void included(String type, LogEntry leaf, Receipt.Leaf at, SignedTreeHead head) {
    try {
      new InclusionProof(at.ctIndex(), head.treeSize(), at.inclusionProof())
          .verify(SectorLog.HASHER, SectorLog.HASHER.hashLeaf(leaf.encode()), head.rootHash());
    } catch (InvalidProofException | IllegalArgumentException e) {
      throw invalid(
          "the "
              + type
              + " leaf rebuilt from the receipt is not proven as leaf "
              + at.ctIndex()
              + " of the tree of size "
              + head.treeSize()
              + ": "
              + e.getMessage());
    }
  }

  /** SHA-256 of a file, read in 1 MiB pieces. */
  static byte[] sha256(Path file) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return digest.digest();
  }

  private static ReceiptException invalid(String detail) {
    return new ReceiptException(RECEIPT_INVALID, detail);
  }

  /** Served text made safe for one line of a terminal. */
  private static final class StrictPrint {
    static String of(String text) {
      return io.paramant.client.internal.relay.RelayHttp.printable(text);
    }
  }
}
