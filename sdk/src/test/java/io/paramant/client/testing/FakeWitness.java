package io.paramant.client.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import jakarta.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.CryptoException;
import org.bouncycastle.crypto.generators.MLDSAKeyPairGenerator;
import org.bouncycastle.crypto.params.MLDSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.MLDSAParameters;
import org.bouncycastle.crypto.params.MLDSAPrivateKeyParameters;
import org.bouncycastle.crypto.params.MLDSAPublicKeyParameters;
import org.bouncycastle.crypto.signers.MLDSASigner;

/**
 * A witness in the test's JVM: an ML-DSA-65 identity key, its key document at {@code GET
 * /v2/witness} over real HTTP, and cosignatures made with it exactly as PROTOCOL.md defines them
 * ({@link Cosignature#signedMessage}). It cosigns whatever it is asked to: the tests decide which
 * heads an honest witness would cosign and which a forger would make up.
 */
public final class FakeWitness implements AutoCloseable {

  private static final HexFormat HEX = HexFormat.of();

  private final HttpServer server;
  private final MLDSAPrivateKeyParameters privateKey;
  private final byte[] publicKey;
  private final AtomicInteger keyRequests = new AtomicInteger();

  private FakeWitness() {
    MLDSAKeyPairGenerator generator = new MLDSAKeyPairGenerator();
    generator.init(new MLDSAKeyGenerationParameters(new SecureRandom(), MLDSAParameters.ml_dsa_65));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    this.privateKey = (MLDSAPrivateKeyParameters) pair.getPrivate();
    this.publicKey = ((MLDSAPublicKeyParameters) pair.getPublic()).getEncoded();
    try {
      this.server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.start();
  }

  public static FakeWitness start() {
    return new FakeWitness();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  /** The witness's ML-DSA-65 public key (a copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  public String keyId() {
    return SignedTreeHead.keyId(publicKey);
  }

  /** How often its key document was asked for. */
  public int keyRequests() {
    return keyRequests.get();
  }

  /** A cosignature of {@code head} of the log at {@code origin}, made at {@code atMillis}. */
  public Cosignature cosign(String origin, SignedTreeHead head, long atMillis) {
    byte[] message =
        Cosignature.signedMessage(
            origin, HEX.parseHex(head.keyId()), head.treeSize(), head.rootHash(), atMillis);
    MLDSASigner signer = new MLDSASigner();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    try {
      return new Cosignature(keyId(), uri().toString(), atMillis, signer.generateSignature());
    } catch (CryptoException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      boolean keyDocument =
          exchange.getRequestMethod().equals("GET")
              && exchange.getRequestURI().getRawPath().equals("/v2/witness");
      byte[] body;
      int status;
      if (keyDocument) {
        keyRequests.incrementAndGet();
        status = 200;
        body =
            Json.createObjectBuilder()
                .add("witness_key_id", keyId())
                .add("public_key", HEX.formatHex(publicKey))
                .add("algorithm", SignedTreeHead.ALGORITHM)
                .add("url", uri().toString())
                .build()
                .toString()
                .getBytes(StandardCharsets.UTF_8);
      } else {
        status = 404;
        body = "{\"ok\":false,\"error\":\"not_found\",\"detail\":\"-\"}".getBytes();
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
