package io.paramant.accounts;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plans of API.md, the one list of them (users.json's {@code plan}, the admin API, the console,
 * the relays): their names, TTL rules, device limits, and the default per-account bounds on a
 * relay's shared resources (docs/operations.md, "Fairness between accounts"): the share of a
 * sector's blob slots one account may hold, and the {@code /v2/stream} sockets it may keep open.
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

  /** Every plan's name, in order: free, pro, enterprise. */
  public static final List<String> NAMES = Arrays.stream(values()).map(Plan::wireName).toList();

  public static Optional<Plan> fromWireName(String name) {
    for (Plan plan : values()) {
      if (plan.wireName().equals(name)) {
        return Optional.of(plan);
      }
    }
    return Optional.empty();
  }

  /**
   * The plan named {@code name}, as the admin tools take it.
   *
   * @throws AccountsException {@code invalid_plan} for anything but free, pro or enterprise
   */
  public static Plan require(String name) {
    return fromWireName(name)
        .orElseThrow(
            () ->
                AccountsException.invalid(
                    "invalid_plan", "plan must be one of free, pro, enterprise."));
  }

  /**
   * The TTL to apply: the plan default when none was asked for, the request clamped to the plan
   * maximum otherwise. Whoever takes the request refuses a zero or negative one first ({@link
   * #isValidTtl}), in its own words.
   *
   * @throws IllegalArgumentException for a zero or negative request
   */
  public long ttlMs(Long requestedMs) {
    if (requestedMs == null) {
      return defaultTtlMs;
    }
    if (!isValidTtl(requestedMs)) {
      throw new IllegalArgumentException("a TTL must be positive: " + requestedMs);
    }
    return Math.min(requestedMs, maxTtlMs);
  }

  /** Whether {@code requestedMs} may be asked for: a positive number of milliseconds. */
  public static boolean isValidTtl(long requestedMs) {
    return requestedMs > 0;
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
