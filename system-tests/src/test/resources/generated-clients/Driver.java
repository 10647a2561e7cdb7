import org.openapitools.client.ApiClient;
import org.openapitools.client.ApiException;
import org.openapitools.client.api.BlobsApi;
import org.openapitools.client.api.CtApi;
import org.openapitools.client.api.DeliveryApi;
import org.openapitools.client.api.DevicesApi;
import org.openapitools.client.api.PushApi;
import org.openapitools.client.model.AckReceipt;
import org.openapitools.client.model.AckRequest;
import org.openapitools.client.model.BlobStatus;
import org.openapitools.client.model.InboundReceipt;
import org.openapitools.client.model.InboundRequest;
import org.openapitools.client.model.Inclusion;
import org.openapitools.client.model.Monitor;
import org.openapitools.client.model.PubkeyReceipt;
import org.openapitools.client.model.PubkeyRequest;
import org.openapitools.client.model.PublishedDevice;
import org.openapitools.client.model.TreeHead;
import org.openapitools.client.model.WsTicket;
import java.io.File;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * GeneratedClientIT's driver for the Java client (java, library native) generated from the relay's
 * live OpenAPI document: compiled with the generated sources, run as {@code java Driver INPUT.json}.
 * It walks the data path with the generated client and prints one line per step; GeneratedClientIT
 * asserts the lines exactly. Every call goes through the generated code.
 */
public class Driver {

  public static void main(String[] args) throws Exception {
    ApiClient api = new ApiClient();
    @SuppressWarnings("unchecked")
    Map<String, String> given = api.getObjectMapper().readValue(new File(args[0]), Map.class);
    api.updateBaseUri(given.get("base_url"));
    api.setRequestInterceptor(request -> request.header("X-Api-Key", given.get("api_key")));
    BlobsApi blobs = new BlobsApi(api);
    byte[] jsonBlob = Files.readAllBytes(Path.of(given.get("json_blob")));
    byte[] binaryBlob = Files.readAllBytes(Path.of(given.get("binary_blob")));
    String jsonHash = given.get("json_hash");
    String binaryHash = given.get("binary_hash");

    // store: the JSON form (the generated method), then the binary form through the generated
    // ApiClient (one operation with two request bodies: the generator makes the JSON one)
    InboundReceipt receipt =
        blobs.inbound(
            new InboundRequest().hash(jsonHash).payload(jsonBlob).ttlMs(60_000L), null, null, null);
    print("inbound-json", receipt.getHash(), receipt.getSize(), receipt.getTtlMs());
    HttpRequest.Builder binary =
        HttpRequest.newBuilder(URI.create(api.getBaseUri() + "/v2/inbound"))
            .header("Content-Type", "application/octet-stream")
            .header("Accept", "application/json")
            .header("X-Paramant-Hash", binaryHash)
            .header("X-Paramant-Ttl-Ms", "60000")
            .POST(HttpRequest.BodyPublishers.ofByteArray(binaryBlob));
    api.getRequestInterceptor().accept(binary);
    HttpResponse<byte[]> stored =
        api.getHttpClient().send(binary.build(), HttpResponse.BodyHandlers.ofByteArray());
    receipt = api.getObjectMapper().readValue(stored.body(), InboundReceipt.class);
    print("inbound-binary", receipt.getHash(), receipt.getSize(), receipt.getTtlMs());

    // status, download once, status again, the second download
    BlobStatus status = blobs.status(jsonHash);
    print("status", status.getAvailable(), status.getBytes());
    printDownload(blobs.outbound(jsonHash));
    print("status", blobs.status(jsonHash).getAvailable());
    try {
      blobs.outbound(jsonHash);
      print("outbound-again", 200);
    } catch (ApiException e) {
      print(
          "outbound-again",
          e.getCode(),
          api.getObjectMapper().readTree(e.getResponseBody()).get("error").asText());
    }
    printDownload(blobs.outbound(binaryHash));

    // delivery: ack the downloaded blob, then the account's own figures
    DeliveryApi delivery = new DeliveryApi(api);
    AckReceipt ack = delivery.ack(new AckRequest().hash(binaryHash));
    print("ack", ack.getOk(), ack.getCtIndex());
    Monitor monitor = delivery.monitor();
    print(
        "monitor",
        monitor.getPlan(),
        monitor.getBlobsInFlight(),
        monitor.getStats().getInbound(),
        monitor.getStats().getBurned(),
        monitor.getDelivery().getTotal(),
        monitor.getDelivery().getAcked());

    // device keys: register, fetch with its proof; the log's head and an inclusion proof
    DevicesApi devices = new DevicesApi(api);
    PubkeyReceipt registered =
        devices.registerPubkey(
            new PubkeyRequest()
                .deviceId(given.get("device_id"))
                .kyberPub(given.get("kyber_pub"))
                .ecdhPub(given.get("ecdh_pub")));
    print(
        "pubkey-register",
        registered.getDeviceId(),
        registered.getHybrid(),
        registered.getFingerprint());
    PublishedDevice device = devices.getPubkey(given.get("device_id"));
    print(
        "pubkey",
        device.getDeviceId(),
        device.getKyberPub(),
        device.getEcdhPub(),
        device.getFingerprint(),
        device.getCtIndex(),
        device.getLeafHash(),
        device.getTreeSize(),
        device.getSth().getRootHash(),
        String.join(",", device.getInclusionProof()));
    CtApi ct = new CtApi(api);
    Inclusion proof =
        ct.ctInclusionProof(
            device.getCtIndex().longValue(), null, device.getTreeSize().longValue());
    print("proof", proof.getLeafIndex(), proof.getTreeSize(), String.join(",", proof.getProof()));
    TreeHead head = ct.ctSignedTreeHead();
    print(
        "sth",
        head.getAlgorithm(),
        head.getTreeSize().longValue() >= device.getTreeSize().longValue());

    // push: a WebSocket ticket
    WsTicket ticket = new PushApi(api).wsTicket();
    print("ticket", ticket.getExpiresIn(), !ticket.getTicket().isEmpty());
  }

  private static void printDownload(File downloaded) throws Exception {
    byte[] data = Files.readAllBytes(downloaded.toPath());
    Files.delete(downloaded.toPath());
    print(
        "outbound",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data)),
        data.length);
  }

  private static void print(Object... fields) {
    StringBuilder line = new StringBuilder();
    for (Object field : fields) {
      line.append(line.length() == 0 ? "" : " ").append(field);
    }
    System.out.println(line);
  }
}
