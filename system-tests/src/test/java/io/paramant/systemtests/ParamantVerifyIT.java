package io.paramant.systemtests;

import static io.paramant.systemtests.RelayApi.randomBlob;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/paramant verify} as a user runs it, a process of its own with its own state directory,
 * against the real relay: passes against an honest relay, and fails with exit 1 against a relay
 * that forges its tree head, rewinds its log or forks it.
 *
 * <p>The relay is the adversary here. A forged or rewound head is played by a proxy in front of the
 * real relay; a fork needs heads signed with the relay's own key, so that test plays a rogue
 * operator instead: with the sector stopped by the launcher, it deletes the sector's journal and
 * keeps its identity key ({@code $PARAMANT_DATA/<sector>/}) — a file operation no product tool
 * offers, on purpose — and starts it again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParamantVerifyIT {

  /**
   * The first start of sector finance for the fork test, which runs last: the sector boots (15-40
   * s) while the other tests run, instead of in the fork test's own time.
   */
  private static java.util.concurrent.CompletableFuture<URI> finance;

  private static final Pattern VERIFIED =
      Pattern.compile(
          "verified: tree_size=(\\d+) root=[0-9a-f]{64} key_id=[0-9a-f]{64}"
              + "( \\(consistent with tree_size=(\\d+) seen before\\))?");

  @TempDir Path state;

  @BeforeAll
  static void startFinance() {
    finance =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> Deployment.up(Deployment.FINANCE));
  }

  /**
   * Stops finance again (other tests start it with settings of their own, which a running sector
   * would not get); a start still under way is waited for first.
   */
  @AfterAll
  static void stopFinance() {
    finance.exceptionally(failed -> null).join();
    Deployment.down(Deployment.FINANCE);
  }

  private final String key = Deployment.apiKey("pro");
  private final URI main = Deployment.baseUri(Deployment.MAIN);

  /** The {@code verified:} line: the head's size and the stored size it extends, if any. */
  private record Verified(long treeSize, OptionalLong consistentWith) {}

  /** One run of the command line. */
  private record Run(int exit, String out, String err) {

    Verified verified() {
      Matcher line = VERIFIED.matcher(out);
      assertTrue(line.find(), this::toString);
      return new Verified(
          Long.parseLong(line.group(1)),
          line.group(3) == null
              ? OptionalLong.empty()
              : OptionalLong.of(Long.parseLong(line.group(3))));
    }
  }

  @Test
  void verify_pins_the_relay_key_and_later_checks_consistency_with_the_stored_head() {
    upload(main, 1);
    Run first = succeeds(verify(main));
    assertTrue(first.out().startsWith("first contact: pinned key "), first::toString);
    Verified before = first.verified();
    assertEquals(OptionalLong.empty(), before.consistentWith());

    upload(main, 2);
    Run second = succeeds(verify(main));

    Verified after = second.verified();
    assertTrue(after.treeSize() >= before.treeSize() + 2, second::toString);
    assertEquals(OptionalLong.of(before.treeSize()), after.consistentWith(), second::toString);
  }

  @Test
  void verify_with_a_hash_proves_an_uploaded_blob_and_refuses_one_never_uploaded() {
    String hash = upload(main, 1).get(0);

    Run included = succeeds(verify(main, "--hash", hash));
    Run missing = verify(main, "--hash", RelayApi.sha256(randomBlob(16)));

    assertTrue(included.out().contains("included: blob " + hash + " is leaf "), included::toString);
    assertEquals(1, missing.exit(), missing::toString);
    assertTrue(missing.err().contains("blob not in the log"), missing::toString);
  }

  @Test
  void a_flipped_byte_of_the_root_hash_fails_the_signature() {
    try (TamperingProxy proxy = TamperingProxy.inFrontOf(main)) {
      succeeds(verify(proxy.uri()));
      proxy.edit(
          "/v2/ct/sth",
          sth -> TamperingProxy.with(sth, "root_hash", flipFirstByte(sth.getString("root_hash"))));

      Run forged = verify(proxy.uri());

      assertEquals(1, forged.exit(), forged::toString);
      assertTrue(forged.err().contains("tree head signature does not verify"), forged::toString);
    }
  }

  @Test
  void a_relay_that_serves_an_older_head_after_a_newer_one_is_rewound() {
    try (TamperingProxy proxy = TamperingProxy.inFrontOf(main)) {
      upload(main, 1);
      succeeds(verify(proxy.uri()));
      JsonObject older = proxy.lastGenuineAnswer("/v2/ct/sth");
      upload(main, 2);
      succeeds(verify(proxy.uri()));
      proxy.edit("/v2/ct/sth", newer -> older);

      Run rewound = verify(proxy.uri());

      assertEquals(1, rewound.exit(), rewound::toString);
      assertTrue(rewound.err().contains("log rewound"), rewound::toString);
    }
  }

  @Test
  @Order(Integer.MAX_VALUE)
  void a_relay_whose_log_was_reset_under_the_same_key_is_forked() throws IOException {
    URI finance = ParamantVerifyIT.finance.join(); // Deployment.up(FINANCE), started before all
    upload(finance, 1);
    long sizeBefore = succeeds(verify(finance)).verified().treeSize();

    Deployment.down(Deployment.FINANCE);
    Path sector = Deployment.sectorDataDir(Deployment.FINANCE);
    Files.delete(sector.resolve("ct.journal"));
    assertTrue(Files.exists(sector.resolve("identity.key")), "the identity key stays");
    Deployment.up(Deployment.FINANCE);
    upload(finance, (int) sizeBefore + 2);

    Run forked = verify(finance);

    assertEquals(1, forked.exit(), forked::toString);
    assertTrue(forked.err().contains("log forked"), forked::toString);
  }

  @Test
  void an_unreachable_relay_is_exit_3() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }

    Run unreachable = verify(URI.create("http://127.0.0.1:" + closedPort + "/"));

    assertEquals(3, unreachable.exit(), unreachable::toString);
    assertTrue(unreachable.err().contains("cannot connect"), unreachable::toString);
  }

  /**
   * Uploads {@code count} blobs and downloads them again: their leaves stay, their space is freed.
   */
  private List<String> upload(URI relayUri, int count) {
    RelayApi relay = new RelayApi(relayUri);
    List<String> hashes = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String hash = relay.store(key, randomBlob(256));
      relay.outbound(key, hash);
      hashes.add(hash);
    }
    return hashes;
  }

  private Run verify(URI relay, String... more) {
    List<String> args = new ArrayList<>(List.of("verify", "--relay", relay.toString()));
    args.addAll(List.of(more));
    args.addAll(List.of("--state-dir", state.toString()));
    return paramant(args);
  }

  private static Run succeeds(Run run) {
    assertEquals(0, run.exit(), run::toString);
    assertEquals("", run.err(), run::toString);
    return run;
  }

  /** Runs {@code bin/paramant ARGS} and waits for it. */
  private static Run paramant(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Deployment.repoRoot().resolve("bin/paramant").toString());
    command.addAll(args);
    try {
      Path out = Files.createTempFile("paramant-", ".out");
      Path err = Files.createTempFile("paramant-", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
          process.destroyForcibly();
          throw new AssertionError("paramant " + String.join(" ", args) + " did not finish");
        }
        return new Run(
            process.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
      } finally {
        Files.delete(out);
        Files.delete(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String flipFirstByte(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    bytes[0] ^= 1;
    return HexFormat.of().formatHex(bytes);
  }
}
