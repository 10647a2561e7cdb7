package io.paramant.relay.delivery;

import io.paramant.relay.blob.Owner;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The bounded in-memory record of recent blobs that delivery confirmations need: when each was
 * stored, who owns it, which device it names, when it was downloaded and whether its delivery was
 * confirmed. See the package documentation for the bounds.
 *
 * <p>Thread-safe: every method holds the ledger's lock for a few map operations only; waiting for a
 * download to finish happens outside it, on the entry's {@link Entry#downloaded} future.
 */
final class DeliveryLedger {

  /** Blobs waiting for their download that are tracked at once (the launcher's capacity limit). */
  static final int MAX_STORED = 100_000;

  /** Downloaded blobs kept for a confirmation (or a second one, answered 409). */
  static final int MAX_DOWNLOADED = 10_000;

  /** How long after its download a blob can be confirmed. */
  static final long KEEP_DOWNLOADED_MS = Duration.ofHours(24).toMillis();

  /** A waiting blob older than the longest plan TTL (7 days) plus a margin is forgotten. */
  static final long KEEP_STORED_MS = Duration.ofDays(7).plusHours(1).toMillis();

  enum State {
    STORED,
    DOWNLOADED,
    ACKING,
    ACKED
  }

  static final class Entry {
    final String hash;
    final Owner owner;
    final String device;
    final long storedAtMs;
    final CompletableFuture<Void> downloaded = new CompletableFuture<>();
    long downloadedAtMs;
    State state = State.STORED;

    Entry(String hash, Owner owner, String device, long storedAtMs) {
      this.hash = hash;
      this.owner = owner;
      this.device = device;
      this.storedAtMs = storedAtMs;
    }
  }

  /** What a confirmation found. */
  sealed interface Claim {}

  /** No entry the reader may confirm (unknown, forgotten, another account's, another device's). */
  record Unknown() implements Claim {}

  /** The entry was confirmed already, or a confirmation of it is in progress. */
  record Acked() implements Claim {}

  /** The blob was not downloaded (yet). */
  record Waiting(Entry entry) implements Claim {}

  /** The confirmation may proceed; finish it with {@link #acked} or {@link #ackFailed}. */
  record Claimed(Entry entry) implements Claim {}

  /** In storage order. */
  private final LinkedHashMap<String, Entry> stored = new LinkedHashMap<>();

  /** In download order. */
  private final LinkedHashMap<String, Entry> downloaded = new LinkedHashMap<>();

  synchronized void stored(String hash, Owner owner, String device, long atMs) {
    Entry previous = stored.remove(hash); // re-insert: the map stays in storage order
    stored.put(hash, new Entry(hash, owner, device, atMs));
    if (previous != null) {
      previous.downloaded.cancel(false);
    }
    while (stored.size() > MAX_STORED) {
      evictEldest(stored).downloaded.cancel(false);
    }
  }

  /**
   * The blob was downloaded.
   *
   * @return whether it was tracked
   */
  synchronized boolean downloaded(String hash, long atMs) {
    Entry entry = stored.remove(hash);
    if (entry == null) {
      return false;
    }
    entry.state = State.DOWNLOADED;
    entry.downloadedAtMs = atMs;
    downloaded.remove(hash); // an earlier blob with the same bytes: this one replaces it
    downloaded.put(hash, entry);
    while (downloaded.size() > MAX_DOWNLOADED) {
      evictEldest(downloaded);
    }
    entry.downloaded.complete(null);
    return true;
  }

  synchronized void expired(String hash) {
    Entry entry = stored.remove(hash);
    if (entry != null) {
      entry.downloaded.cancel(false);
    }
  }

  /**
   * Looks for the blob a reader confirms. A downloaded, unconfirmed blob comes first, then one
   * waiting for its download, then a confirmed one (so that re-uploading the same bytes does not
   * hide a pending confirmation).
   *
   * @param device the confirming device, or {@code null}; it must match the device the blob names
   */
  synchronized Claim claimAck(String hash, Owner reader, String device) {
    Entry done = visible(downloaded.get(hash), reader, device);
    if (done != null && done.state == State.DOWNLOADED) {
      done.state = State.ACKING;
      return new Claimed(done);
    }
    Entry waiting = visible(stored.get(hash), reader, device);
    if (waiting != null) {
      return new Waiting(waiting);
    }
    return done != null ? new Acked() : new Unknown();
  }

  synchronized void acked(Entry entry) {
    entry.state = State.ACKED;
  }

  /** The log append failed: the blob can be confirmed again. */
  synchronized void ackFailed(Entry entry) {
    if (entry.state == State.ACKING) {
      entry.state = State.DOWNLOADED;
    }
  }

  /** The latest record of a blob the reader may read, downloaded or not. */
  synchronized Tracked find(String hash, Owner reader) {
    Entry entry = visible(stored.get(hash), reader, null);
    if (entry == null) {
      entry = visible(downloaded.get(hash), reader, null);
    }
    if (entry == null) {
      return null;
    }
    return new Tracked(
        entry.hash,
        entry.owner,
        entry.storedAtMs,
        entry.state == State.STORED ? null : entry.downloadedAtMs);
  }

  /** Forgets entries past their age bound. */
  synchronized void prune(long nowMs) {
    for (Iterator<Entry> it = downloaded.values().iterator(); it.hasNext(); ) {
      if (nowMs - it.next().downloadedAtMs <= KEEP_DOWNLOADED_MS) {
        break; // download order: the rest is younger
      }
      it.remove();
    }
    for (Iterator<Entry> it = stored.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (nowMs - entry.storedAtMs <= KEEP_STORED_MS) {
        break;
      }
      it.remove();
      entry.downloaded.cancel(false);
    }
  }

  synchronized int size() {
    return stored.size() + downloaded.size();
  }

  private static Entry visible(Entry entry, Owner reader, String device) {
    if (entry == null || !entry.owner.mayRead(reader)) {
      return null;
    }
    if (device != null && entry.device != null && !entry.device.equals(device)) {
      return null;
    }
    return entry;
  }

  private static Entry evictEldest(Map<String, Entry> map) {
    Iterator<Entry> eldest = map.values().iterator();
    Entry entry = eldest.next();
    eldest.remove();
    return entry;
  }
}
