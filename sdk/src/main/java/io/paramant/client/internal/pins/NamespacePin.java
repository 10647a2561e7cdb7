package io.paramant.client.internal.pins;

import static io.paramant.client.LogVerificationException.Reason.NAMESPACE_CHANGED;

import io.paramant.accounts.DeviceNamespace;
import io.paramant.client.LogVerificationException;
import io.paramant.client.internal.ctlog.RelayAddress;
import io.paramant.client.internal.ctlog.StrictJson;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The namespace of this client's account at one relay ({@code team:<id>} or {@code
 * account:<label>}, PROTOCOL.md "What a client pins"): part of every device's identity, so it comes
 * from outside the relay. Kept in {@code <state>/pins/namespace-<relay>.json}:
 *
 * <ul>
 *   <li>configured ({@code GhostPipe.Builder.namespace}, {@code --namespace}): pinned if nothing is
 *       pinned; a different pin is a hard error (the file to delete is named);
 *   <li>not configured, pinned before: the pin;
 *   <li>neither: the relay's answer is pinned on first use and reported once through the listener,
 *       so that a person compares it with what the admin handed out.
 * </ul>
 *
 * Decision: the pin is kept per relay address, not once per state directory, because one client may
 * hold accounts of several deployments; the home log ({@link HomeLogPin}) is then kept per
 * namespace, which ties every relay that names the same namespace to one log. Thread-safe.
 */
public final class NamespacePin {

  private static final String FORMAT = "paramant/namespace-pin/v1";

  private final PinFile file;
  private final RelayAddress relay;
  private final String configured;
  private final Consumer<String> firstUse;
  private volatile String pinned;

  /**
   * @param configured the namespace the client was configured with, or null
   * @param firstUse told the namespace once, when it was learned from the relay and pinned
   * @throws IllegalArgumentException if {@code configured} is not a namespace
   */
  public NamespacePin(
      Path stateDirectory, RelayAddress relay, String configured, Consumer<String> firstUse) {
    if (configured != null && !DeviceNamespace.isValid(configured)) {
      throw new IllegalArgumentException(DeviceNamespace.INVALID_DETAIL);
    }
    this.file =
        new PinFile(
            stateDirectory.resolve(PinDirectory.NAME).resolve("namespace-" + relay.fileName()),
            FORMAT);
    this.relay = relay;
    this.configured = configured;
    this.firstUse = firstUse;
  }

  /** Checks that a configured namespace is the pinned one, without asking the relay. */
  public void checkConfigured() {
    if (configured != null) {
      stored().ifPresent(this::requireConfigured);
    }
  }

  /**
   * The namespace configured or pinned, without asking the relay; empty if neither (the signers'
   * directory then takes the relay's word only when it proves this device with its own keys).
   *
   * @throws LogVerificationException {@code NAMESPACE_CHANGED} if a configured namespace is not the
   *     pinned one
   * @throws io.paramant.client.LogStateException if the pin cannot be read
   */
  public Optional<String> known() {
    String known = pinned;
    if (known != null) {
      return Optional.of(known);
    }
    Optional<String> stored = stored();
    if (stored.isPresent()) {
      if (configured != null) {
        requireConfigured(stored.get());
      }
      pinned = stored.get();
      return stored;
    }
    return Optional.ofNullable(configured);
  }

  /**
   * The namespace in force: configured, pinned, or else the relay's answer, which is pinned only
   * once a lookup checked out ({@link #pin}); nothing is written here.
   *
   * @param relayAnswer the relay's answer, asked only if nothing is configured or pinned
   * @throws LogVerificationException {@code NAMESPACE_CHANGED} if a configured namespace is not the
   *     pinned one; {@code MALFORMED_RESPONSE} if the relay names no valid namespace
   * @throws io.paramant.client.LogStateException if the pin cannot be read
   */
  public String namespace(Supplier<String> relayAnswer) {
    String known = pinned;
    if (known != null) {
      return known;
    }
    Optional<String> stored = stored();
    if (stored.isPresent()) {
      if (configured != null) {
        requireConfigured(stored.get());
      }
      pinned = stored.get();
      return pinned;
    }
    if (configured != null) {
      return configured;
    }
    String learned = relayAnswer.get();
    if (learned == null || !DeviceNamespace.isValid(learned)) {
      throw new LogVerificationException(
          LogVerificationException.Reason.MALFORMED_RESPONSE,
          "the relay names no valid namespace for this account");
    }
    return learned;
  }

  /**
   * Pins {@code namespace}, the value {@link #namespace} returned, after a lookup in it checked
   * out; a namespace learned from the relay is reported once. Nothing happens if it is pinned.
   *
   * @throws LogVerificationException {@code NAMESPACE_CHANGED} if another process pinned another
   *     namespace meanwhile
   * @throws io.paramant.client.LogStateException if the pin cannot be written
   */
  public synchronized void pin(String namespace) {
    if (pinned != null) {
      requireServed(pinned, namespace, "this account");
      return;
    }
    Map<String, String> members = new LinkedHashMap<>();
    members.put("relay", relay.toString());
    members.put("namespace", namespace);
    String now = read(file.create(members));
    requireServed(now, namespace, "this account");
    pinned = now;
    if (configured == null) {
      firstUse.accept(namespace);
    }
  }

  /** The pin's file. */
  public Path path() {
    return file.path();
  }

  /**
   * Refuses a namespace the relay serves that is not the one in force.
   *
   * @param what what the relay served it with ("device printer-2")
   */
  public void requireServed(String namespace, String served, String what) {
    if (!namespace.equals(served)) {
      throw new LogVerificationException(
          NAMESPACE_CHANGED,
          "the relay serves "
              + what
              + " in namespace "
              + printable(served)
              + ", but this client's namespace is "
              + namespace
              + (configured != null ? " (configured)" : " (pinned in " + file.path() + ")"));
    }
  }

  private void requireConfigured(String stored) {
    if (!stored.equals(configured)) {
      throw new LogVerificationException(
          NAMESPACE_CHANGED,
          "the configured namespace "
              + configured
              + " is not the namespace "
              + stored
              + " pinned for "
              + relay
              + "; if your admin moved the account, delete "
              + file.path()
              + " (and the home-log pin of the old namespace) to pin the configured one");
    }
  }

  private Optional<String> stored() {
    return file.load().map(this::read);
  }

  private String read(JsonObject json) {
    try {
      if (!relay.toString().equals(StrictJson.string(json, "relay"))) {
        throw new StrictJson.ShapeException("it records another relay than " + relay);
      }
      String namespace = StrictJson.string(json, "namespace");
      if (!DeviceNamespace.isValid(namespace)) {
        throw new StrictJson.ShapeException("namespace is not a namespace");
      }
      return namespace;
    } catch (StrictJson.ShapeException e) {
      throw file.damaged(e.getMessage());
    }
  }

  private static String printable(String text) {
    return io.paramant.client.internal.relay.RelayHttp.printable(text);
  }
}
