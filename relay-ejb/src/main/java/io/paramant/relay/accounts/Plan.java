package io.paramant.relay.accounts;

import io.paramant.relay.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** The plans of API.md: TTL rules and device limits. */
public enum Plan {
  FREE(Duration.ofHours(1), Duration.ofHours(1), 5),
  PRO(Duration.ofHours(1), Duration.ofHours(24), 50),
  ENTERPRISE(Duration.ofHours(1), Duration.ofDays(7), Integer.MAX_VALUE);

  private final long defaultTtlMs;
  private final long maxTtlMs;
  private final int maxDevices;

  Plan(Duration defaultTtl, Duration maxTtl, int maxDevices) {
    this.defaultTtlMs = defaultTtl.toMillis();
    this.maxTtlMs = maxTtl.toMillis();
    this.maxDevices = maxDevices;
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
}
