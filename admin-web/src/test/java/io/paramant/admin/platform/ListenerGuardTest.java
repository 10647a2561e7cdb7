package io.paramant.admin.platform;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ListenerGuardTest {

  @Test
  void with_a_console_port_only_that_local_port_is_served() {
    int port = ListenerGuard.decide(Optional.of(4200), "/admin");
    assertTrue(ListenerGuard.admits(port, 4200));
    assertFalse(ListenerGuard.admits(port, 3000), "the relay's listener");
  }

  @Test
  void below_a_context_path_without_a_console_port_nothing_is_served() {
    int port = ListenerGuard.decide(Optional.empty(), "/admin");
    assertFalse(ListenerGuard.admits(port, 3000));
    assertFalse(ListenerGuard.admits(port, 4200));
    assertFalse(ListenerGuard.admits(port, 0));
  }

  @Test
  void at_the_root_of_its_own_server_without_a_console_port_every_listener_is_served() {
    int port = ListenerGuard.decide(Optional.empty(), "");
    assertTrue(ListenerGuard.admits(port, 4200));
    assertTrue(ListenerGuard.admits(port, 12345));
  }

  @Test
  void a_console_port_that_is_no_port_stops_the_console() {
    assertThrows(IllegalStateException.class, () -> ListenerGuard.decide(Optional.of(0), ""));
    assertThrows(
        IllegalStateException.class, () -> ListenerGuard.decide(Optional.of(65536), "/admin"));
  }
}
