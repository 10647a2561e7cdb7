package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.client.LogVerificationException.Reason;
import io.paramant.client.testing.FakeRelay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client pins about its account (PROTOCOL.md, "What a client pins and checks"), against a
 * relay in the test's JVM that lies consistently: it logs what it serves, so every proof verifies,
 * and only the pinned namespace, the binding of (pinned namespace, requested id) and the home log
 * stop it. Each test names the lie and the check that catches it.
 */
class KeyPinningTest {

  @TempDir Path temp;

  private FakeRelay relay;
  private final List<String> reported = new ArrayList<>();

  @BeforeEach
  void start() {
    relay = FakeRelay.start(temp.resolve("relay"));
    try (GhostPipe bob = pipe("bob", temp.resolve("bob"), null)) {
      bob.registerDevice();
    }
    reported.clear();
  }

  @AfterEach
  void stop() {
    relay.close();
  }

  @Test
  void an_unconfigured_client_pins_the_relays_namespace_on_first_use_and_reports_it_once() {
    Path state = temp.resolve("alice");
    try (GhostPipe alice = pipe("alice", state, null)) {
      alice.deviceKeys("bob");
    }
    try (GhostPipe again = pipe("alice", state, null)) {
      again.deviceKeys("bob");
    }

    assertEquals(List.of(FakeRelay.NAMESPACE), reported, "told once, at the first use");
    assertTrue(pins(state).anyMatch(name -> name.startsWith("namespace-")));
    assertTrue(pins(state).anyMatch(name -> name.startsWith("home-log-")));
  }

  @Test
  void a_relay_that_later_serves_keys_of_another_namespace_is_refused() {
    Path state = temp.resolve("alice");
    try (GhostPipe alice = pipe("alice", state, null)) {
      alice.deviceKeys("bob");
    }
    relay.registerIn("account:mallory");
    registerOther("carol");

    try (GhostPipe alice = pipe("alice", state, null)) {
      LogVerificationException e =
          assertThrows(LogVerificationException.class, () -> alice.deviceKeys("carol"));
      assertEquals(Reason.NAMESPACE_CHANGED, e.reason(), e.getMessage());
    }
  }

  @Test
  void a_configured_namespace_is_checked_against_the_relay_and_nothing_is_pinned_on_refusal() {
    Path state = temp.resolve("alice");
    try (GhostPipe alice = pipe("alice", state, "team:acme")) {
      LogVerificationException e =
          assertThrows(LogVerificationException.class, () -> alice.deviceKeys("bob"));
      assertEquals(Reason.NAMESPACE_CHANGED, e.reason(), e.getMessage());
    }
    assertEquals(0, pins(state).count(), "a refused lookup pins nothing");
    assertTrue(reported.isEmpty());
  }

  @Test
  void a_configured_namespace_that_is_not_the_pinned_one_is_refused_with_the_file_to_delete() {
    Path state = temp.resolve("alice");
    try (GhostPipe alice = pipe("alice", state, FakeRelay.NAMESPACE)) {
      alice.deviceKeys("bob");
    }
    assertTrue(reported.isEmpty(), "a configured namespace is not reported");

    LogVerificationException e =
        assertThrows(LogVerificationException.class, () -> pipe("alice", state, "team:acme"));
    assertEquals(Reason.NAMESPACE_CHANGED, e.reason());
    assertTrue(e.getMessage().contains("delete " + state.resolve("pins")), e.getMessage());
  }

  @Test
  void the_keys_of_another_device_id_served_with_their_genuine_proof_are_the_wrong_binding() {
    registerOther("mallory");
    relay.serveAs("bob", "mallory");

    try (GhostPipe alice = pipe("alice", temp.resolve("alice"), FakeRelay.NAMESPACE)) {
      LogVerificationException e =
          assertThrows(LogVerificationException.class, () -> alice.deviceKeys("bob"));
      assertEquals(Reason.WRONG_BINDING, e.reason(), e.getMessage());
    }
  }

  @Test
  void a_key_from_a_leaf_of_another_log_is_not_from_the_home_log() {
    Path state = temp.resolve("alice");
    try (GhostPipe alice = pipe("alice", state, null)) {
      alice.deviceKeys("bob");
    }
    try (FakeRelay other = FakeRelay.start(temp.resolve("other"))) {
      try (GhostPipe bobThere = pipe("bob", temp.resolve("bob-other"), null, other)) {
        bobThere.registerDevice(); // bob's genuine keys, logged in another log of the namespace
      }
      try (GhostPipe alice = pipe("alice", state, null, other)) {
        LogVerificationException e =
            assertThrows(LogVerificationException.class, () -> alice.deviceKeys("bob"));
        assertEquals(Reason.NOT_HOME_LOG, e.reason(), e.getMessage());
      }
    }
  }

  @Test
  void without_a_namespace_in_check_key_the_first_served_devices_namespace_is_pinned()
      throws IOException {
    relay.checkKeyNames(null);
    Path state = temp.resolve("alice");
    try (GhostPipe alice = pipe("alice", state, null)) {
      alice.deviceKeys("bob");
    }

    assertEquals(List.of(FakeRelay.NAMESPACE), reported);
    String pin = Files.readString(pinFile(state, "namespace-"));
    assertTrue(pin.contains("\"namespace\": \"" + FakeRelay.NAMESPACE + "\""), pin);
    assertFalse(pin.contains("pgp_"), "no API key in the pin");
  }

  @Test
  void check_keys_namespace_comes_first_and_a_device_served_in_another_is_refused() {
    relay.checkKeyNames("team:acme");
    Path state = temp.resolve("alice");
    try (GhostPipe alice = pipe("alice", state, null)) {
      LogVerificationException e =
          assertThrows(LogVerificationException.class, () -> alice.deviceKeys("bob"));
      assertEquals(Reason.NAMESPACE_CHANGED, e.reason(), e.getMessage());
    }
    assertEquals(0, pins(state).count());
    assertTrue(reported.isEmpty());
  }

  private static Path pinFile(Path state, String prefix) throws IOException {
    try (Stream<Path> files = Files.list(state.resolve("pins"))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith(prefix))
          .findFirst()
          .orElseThrow();
    }
  }

  private void registerOther(String device) {
    try (GhostPipe other = pipe(device, temp.resolve(device), null)) {
      other.registerDevice();
    }
  }

  private GhostPipe pipe(String device, Path state, String namespace) {
    return pipe(device, state, namespace, relay);
  }

  private GhostPipe pipe(String device, Path state, String namespace, FakeRelay at) {
    GhostPipe.Builder builder =
        GhostPipe.builder()
            .relay(at.uri())
            .apiKey(FakeRelay.API_KEY)
            .deviceId(device)
            .keyDirectory(state)
            .stateDirectory(state)
            .namespacePinned(reported::add)
            .retries(2, Duration.ofMillis(1), Duration.ofMillis(5));
    if (namespace != null) {
      builder.namespace(namespace);
    }
    return builder.build();
  }

  private static Stream<String> pins(Path state) {
    Path pins = state.resolve("pins");
    if (!Files.isDirectory(pins)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.list(pins)) {
      return files.map(f -> f.getFileName().toString()).toList().stream();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
