package io.paramant.relay.accounts;

import io.paramant.relay.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The plans of API.md: TTL rules, device limits, and the default per-account bounds on a relay's
 * shared resources (docs/operations.md, "Fairness between accounts"): the share of a sector's blob
 * slots one account may hold, and the {@code /v2/stream} sockets it may keep open.
 */
public enum Plan {
  FREE(Duration.ofHours(1), Duration.ofHours(1), 5, 1, 8, 16),
  PRO(Duration.ofHours(1), Duration.ofHours(24), 50, 1, 2, 128),
  ENTERPRISE(Duration.ofHours(1), Duration.ofDays(7), Integer.MAX_VALUE, 3, 4, 1024);

  private final long defaultTtlMs;
  private final long maxTtlMs;
  private final int maxDevices;
  private final int slotShareNumerator;
  private final int slotShareDenominator;
  private final int defaultSockets;

  Plan(
      Duration defaultTtl,
      Duration maxTtl,
      int maxDevices,
      int slotShareNumerator,
      int slotShareDenominator,
      int defaultSockets) {
    this.defaultTtlMs = defaultTtl.toMillis();
    this.maxTtlMs = maxTtl.toMillis();
    this.maxDevices = maxDevices;
    this.slotShareNumerator = slotShareNumerator;
    this.slotShareDenominator = slotShareDenominator;
    this.defaultSockets = defaultSockets;
  }

  /** The name used in users.json and on the wire. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Plan> fromWireName(String name) {
    for (Plan plan : values()) {
      if (plan.wireName().equals(name)) {
        return Optional.of(plan);
      }
    }
    return Optional.empty();
  }

  /**
   * The TTL to apply: the plan default when none was asked for, the request clamped to the plan
   * maximum otherwise.
   *
   * @throws InvalidInputException {@code invalid_ttl} for zero or negative requests
   */
  public long ttlMs(Long requestedMs) {
    if (requestedMs == null) {
      return defaultTtlMs;
    }
    if (requestedMs <= 0) {
      throw new InvalidInputException(
          "invalid_ttl", "ttl_ms must be a positive number of milliseconds.");
    }
    return Math.min(requestedMs, maxTtlMs);
  }

  public long maxTtlMs() {
    return maxTtlMs;
  }

  public int maxDevices() {
    return maxDevices;
  }

  /**
   * The blob slots (stored blobs and drops plus uploads in progress) one account of this plan may
   * hold on a sector of {@code capacity} slots when the operator sets no {@code
   * paramant.quota.<plan>}: free 1/8, pro 1/2, enterprise 3/4 of the capacity, rounded down, and at
   * least 1.
   */
  public int defaultSlots(int capacity) {
    return (int) Math.max(1, (long) capacity * slotShareNumerator / slotShareDenominator);
  }

  /**
   * The {@code /v2/stream} sockets one account of this plan may keep open on a sector when the
   * operator sets no {@code paramant.stream.max-sockets.<plan>}: free 16, pro 128, enterprise
   * 1,024.
   */
  public int defaultSockets() {
    return defaultSockets;
  }
}
