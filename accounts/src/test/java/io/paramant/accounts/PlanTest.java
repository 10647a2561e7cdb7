package io.paramant.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanTest {

  @Test
  void the_plans_are_free_pro_enterprise_by_their_users_json_names() {
    assertEquals(List.of("free", "pro", "enterprise"), Plan.NAMES);
    assertEquals(Optional.of(Plan.PRO), Plan.fromWireName("pro"));
    assertEquals(Plan.ENTERPRISE, Plan.require("enterprise"));
    assertEquals("free", Plan.FREE.wireName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "gold", "platinum", "Pro", "FREE", " free", "pro "})
  void other_names_are_not_plans(String name) {
    assertEquals(Optional.empty(), Plan.fromWireName(name));
    AccountsException e = assertThrows(AccountsException.class, () -> Plan.require(name));
    assertEquals("invalid_plan", e.code());
    assertEquals("plan must be one of free, pro, enterprise.", e.detail());
  }

  @Test
  void no_name_is_no_plan() {
    assertEquals(Optional.empty(), Plan.fromWireName(null));
    assertEquals(
        "invalid_plan", assertThrows(AccountsException.class, () -> Plan.require(null)).code());
  }

  @Test
  void ttl_defaults_to_an_hour_and_is_clamped_to_the_plans_maximum() {
    long hour = Duration.ofHours(1).toMillis();
    assertEquals(hour, Plan.FREE.ttlMs(null));
    assertEquals(hour, Plan.FREE.ttlMs(Duration.ofDays(9).toMillis()));
    assertEquals(Duration.ofHours(24).toMillis(), Plan.PRO.ttlMs(Duration.ofDays(9).toMillis()));
    assertEquals(Duration.ofDays(7).toMillis(), Plan.ENTERPRISE.ttlMs(Long.MAX_VALUE));
    assertEquals(1L, Plan.PRO.ttlMs(1L));
    assertEquals(false, Plan.isValidTtl(0));
    assertEquals(false, Plan.isValidTtl(-1));
    assertThrows(IllegalArgumentException.class, () -> Plan.FREE.ttlMs(0L));
  }

  @Test
  void device_limits_and_default_shares() {
    assertEquals(5, Plan.FREE.maxDevices());
    assertEquals(50, Plan.PRO.maxDevices());
    assertEquals(Integer.MAX_VALUE, Plan.ENTERPRISE.maxDevices());
    assertEquals(8, Plan.FREE.defaultSlots(64));
    assertEquals(32, Plan.PRO.defaultSlots(64));
    assertEquals(48, Plan.ENTERPRISE.defaultSlots(64));
    assertEquals(1, Plan.FREE.defaultSlots(1));
    assertEquals(16, Plan.FREE.defaultSockets());
    assertEquals(128, Plan.PRO.defaultSockets());
    assertEquals(1024, Plan.ENTERPRISE.defaultSockets());
  }
}
