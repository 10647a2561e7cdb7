package io.paramant.relay.delivery;

import io.paramant.relay.blob.Owner;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The webhook registrations of this relay, in memory only, with the raw API key of each (see the
 * package documentation for how the keys are held and wiped). Thread-safe; every method holds the
 * registry's lock for a scan of at most {@code MAX_PER_ACCOUNT} × accounts entries.
 */
final class WebhookRegistry {

  /** Registrations one account may hold at once. */
  static final int MAX_PER_ACCOUNT = 100;

  /** How long a device registration lives. */
  static final long DEVICE_TTL_MS = Duration.ofHours(24).toMillis();

  /**
   * A hash registration ends with its blob's download or expiry; should neither ever be seen, it
   * ends after the longest plan TTL plus a margin.
   */
  static final long HASH_TTL_MS = DeliveryLedger.KEEP_STORED_MS;

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * One registration. Its key is readable only through {@link #sign}, and only until {@link #end}.
   */
  static final class Registration {
    final String id;
    final Owner owner;
    final String hash;
    final String device;
    final CallbackUrl url;
    final long expiresAtMs;
    private byte[] key;

    private Registration(
        Owner owner, String hash, String device, CallbackUrl url, byte[] key, long expiresAtMs) {
      byte[] id = new byte[16];
      RANDOM.nextBytes(id);
      this.id = HexFormat.of().formatHex(id);
      this.owner = owner;
      this.hash = hash;
      this.device = device;
      this.url = url;
      this.key = key;
      this.expiresAtMs = expiresAtMs;
    }

    /** The signature of {@code body} under this registration's key, or {@code null} once ended. */
    synchronized String sign(byte[] body) {
      return key == null ? null : WebhookSignature.sign(key, body);
    }

    /** Overwrites the key with zeros and drops it; idempotent. */
    synchronized void end() {
      if (key != null) {
        Arrays.fill(key, (byte) 0);
        key = null;
      }
    }

    synchronized boolean ended() {
      return key == null;
    }

    boolean oneShot() {
      return hash != null;
    }

    private boolean sameAs(Owner owner, String hash, String device, CallbackUrl url) {
      return this.owner.account().equals(owner.account())
          && Objects.equals(this.hash, hash)
          && Objects.equals(this.device, device)
          && this.url.uri().equals(url.uri());
    }
  }

  private final LinkedHashMap<String, Registration> byId = new LinkedHashMap<>();

  /**
   * Registers a target for a blob ({@code hash}) or a device; the same account, target and URL
   * again replaces the earlier registration (and its key). The registry owns {@code key} from now
   * on, also when this fails (it is wiped then).
   *
   * @throws DeliveryException {@code too_many_webhooks} at {@link #MAX_PER_ACCOUNT}
   */
  synchronized Registration add(
      Owner owner, String hash, String device, CallbackUrl url, byte[] key, long nowMs) {
    Registration replaced = null;
    int held = 0;
    for (Registration r : byId.values()) {
      if (r.sameAs(owner, hash, device, url)) {
        replaced = r;
      } else if (r.owner.account().equals(owner.account())) {
        held++;
      }
    }
    if (held >= MAX_PER_ACCOUNT) {
      Arrays.fill(key, (byte) 0);
      throw DeliveryException.tooManyWebhooks(MAX_PER_ACCOUNT);
    }
    if (replaced != null) {
      byId.remove(replaced.id);
      replaced.end();
    }
    Registration fresh =
        new Registration(
            owner, hash, device, url, key, nowMs + (hash != null ? HASH_TTL_MS : DEVICE_TTL_MS));
    byId.put(fresh.id, fresh);
    return fresh;
  }

  /**
   * The registrations a retrieval concerns: those of that hash, and those of the blob's device,
   * whose account may read the blob (same account or team). One-shot hash registrations are removed
   * here; the caller signs with them and then {@link Registration#end ends} them.
   */
  synchronized List<Registration> retrieved(
      String hash, Owner blobOwner, String device, long nowMs) {
    List<Registration> found = new ArrayList<>();
    for (Iterator<Registration> it = byId.values().iterator(); it.hasNext(); ) {
      Registration r = it.next();
      if (!blobOwner.mayRead(r.owner) || r.expiresAtMs <= nowMs) {
        continue;
      }
      if (r.hash != null && r.hash.equals(hash)) {
        it.remove();
        found.add(r);
      } else if (r.device != null && r.device.equals(device)) {
        found.add(r);
      }
    }
    return found;
  }

  /** Removes a registration if it is still registered; only one caller gets {@code true}. */
  synchronized boolean take(Registration registration) {
    return byId.remove(registration.id, registration);
  }

  /** The blob expired unread: its registrations end. */
  synchronized void blobGone(String hash) {
    byId.values()
        .removeIf(
            r -> {
              if (hash.equals(r.hash)) {
                r.end();
                return true;
              }
              return false;
            });
  }

  /** Ends registrations past their time and those of accounts that are no longer active. */
  synchronized void sweep(long nowMs, Predicate<String> accountActive) {
    byId.values()
        .removeIf(
            r -> {
              if (r.expiresAtMs <= nowMs || !accountActive.test(r.owner.account())) {
                r.end();
                return true;
              }
              return false;
            });
  }

  /** The one-shot registrations held now. */
  synchronized List<Registration> hashRegistrations() {
    return byId.values().stream().filter(Registration::oneShot).toList();
  }

  synchronized int size() {
    return byId.size();
  }

  /** Ends every registration (the relay stops). */
  synchronized void clear() {
    byId.values().forEach(Registration::end);
    byId.clear();
  }
}
