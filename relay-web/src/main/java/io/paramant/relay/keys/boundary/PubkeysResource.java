package io.paramant.relay.keys.boundary;

import io.paramant.ct.SectorLog;
import io.paramant.ct.boundary.LogResource;
import io.paramant.ct.boundary.TreeHeads;
import io.paramant.ct.entry.LeafDetail;
import io.paramant.ct.entry.LogEntry;
import io.paramant.ct.merkle.InclusionProof;
import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.accounts.boundary.Caller;
import io.paramant.relay.keys.KeyDirectory;
import io.paramant.relay.keys.NamespaceDirectory;
import io.paramant.relay.keys.PublicKeySet;
import io.paramant.relay.keys.PublishedDevice;
import io.paramant.relay.keys.RegisteredDevice;
import io.paramant.relay.platform.SmallBodies;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import java.util.AbstractList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code /v2/pubkey}: register a device's public keys, fetch them with the proof of their
 * registration in the sector's transparency log, and list the caller's namespace (its directory).
 * Keys are answered in lowercase hex.
 */
@Path("v2/pubkey")
@RequestScoped
@ApiKeyRequired
public class PubkeysResource {

  /** Receipt of a registration (new, or the earlier identical one). */
  public record Registered(
      boolean ok, String deviceId, String fingerprint, long ctIndex, boolean hybrid) {}

  /**
   * A device's keys and the evidence for them: the version-2 {@code pubkey} leaf ({@code sector},
   * {@code inserted_at}, subject {@code fingerprint}, {@code binding} of {@code namespace} and
   * {@code device_id}), whose hash is {@code leaf_hash}, is leaf {@code ct_index} of the tree of
   * {@code tree_size} leaves that {@code sth} signs. {@code registered_at} is {@code inserted_at}
   * under its older name.
   */
  public record Published(
      boolean ok,
      String deviceId,
      String namespace,
      String kyberPub,
      String ecdhPub,
      String dsaPub,
      String fingerprint,
      String binding,
      boolean hybrid,
      long ctIndex,
      long insertedAt,
      long registeredAt,
      String leafHash,
      String sector,
      long treeSize,
      List<String> inclusionProof,
      LogResource.TreeHead sth) {}

  /**
   * One device of the namespace directory: exactly {@link Published} without its own {@code
   * tree_size} and {@code sth} (the directory's one head is used for every device).
   */
  public record Listed(
      boolean ok,
      String deviceId,
      String namespace,
      String kyberPub,
      String ecdhPub,
      String dsaPub,
      String fingerprint,
      String binding,
      boolean hybrid,
      long ctIndex,
      long insertedAt,
      long registeredAt,
      String leafHash,
      String sector,
      List<String> inclusionProof) {}

  /**
   * The caller's namespace directory: every device of the namespace, sorted by device id, each
   * inclusion proof made for the tree of {@code tree_size} leaves that the one {@code sth} signs.
   */
  public record Directory(
      boolean ok,
      String namespace,
      long treeSize,
      LogResource.TreeHead sth,
      List<Listed> devices) {}

  /** Hex of all three keys is 6,402 characters; the rest is room for names and white space. */
  static final int MAX_BODY = 64 * 1024;

  private static final HexFormat HEX = HexFormat.of();

  @Inject KeyDirectory directory;
  @Inject Caller caller;
  @Inject TreeHeads treeHeads;

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Registered register(
      InputStream body, @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length) {
    RegisteredDevice device =
        directory.register(
            caller.account(), PubkeyJson.read(SmallBodies.read(body, length, MAX_BODY)));
    PublicKeySet keys = device.keys();
    return new Registered(
        true, device.deviceId(), keys.fingerprint(), device.ctIndex(), keys.hybrid());
  }

  @GET
  @Path("{device_id}")
  @Produces(MediaType.APPLICATION_JSON)
  public Published lookup(@PathParam("device_id") String deviceId) {
    PublishedDevice published = directory.lookup(caller.account(), deviceId);
    Listed device =
        listed(published.namespace(), published.device(), published.leaf(), published.proof());
    return new Published(
        true,
        device.deviceId(),
        device.namespace(),
        device.kyberPub(),
        device.ecdhPub(),
        device.dsaPub(),
        device.fingerprint(),
        device.binding(),
        device.hybrid(),
        device.ctIndex(),
        device.insertedAt(),
        device.registeredAt(),
        device.leafHash(),
        device.sector(),
        published.proof().treeSize(),
        device.inclusionProof(),
        treeHeads.served(published.treeHead()));
  }

  /**
   * The caller's namespace directory ({@link KeyDirectory#directory}). Its size is bounded by
   * {@link KeyDirectory#MAX_NAMESPACE_DEVICES}; each device's hex is made while JSON-B writes it (a
   * lazy list), so the answer is never held in memory whole.
   */
  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Directory list() {
    NamespaceDirectory listed = directory.directory(caller.account());
    List<NamespaceDirectory.Listed> devices = listed.devices();
    return new Directory(
        true,
        listed.namespace(),
        listed.treeHead().treeSize(),
        treeHeads.served(listed.treeHead()),
        new AbstractList<>() {
          @Override
          public Listed get(int index) {
            NamespaceDirectory.Listed device = devices.get(index);
            return listed(listed.namespace(), device.device(), device.leaf(), device.proof());
          }

          @Override
          public int size() {
            return devices.size();
          }
        });
  }

  private static Listed listed(
      String namespace, RegisteredDevice device, LogEntry leaf, InclusionProof proof) {
    PublicKeySet keys = device.keys();
    return new Listed(
        true,
        device.deviceId(),
        namespace,
        HEX.formatHex(keys.mlKem()),
        keys.ecdh().map(HEX::formatHex).orElse(null),
        keys.mlDsa().map(HEX::formatHex).orElse(null),
        keys.fingerprint(),
        ((LeafDetail.Pubkey) leaf.detail()).binding(),
        keys.hybrid(),
        device.ctIndex(),
        leaf.insertedAtMillis(),
        leaf.insertedAtMillis(),
        HEX.formatHex(SectorLog.HASHER.hashLeaf(leaf.encode())),
        leaf.sector(),
        proof.path().stream().map(HEX::formatHex).toList());
  }
}
