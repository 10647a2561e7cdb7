package io.paramant.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Named;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every page bean but the sign-in page's, and every admin API resource, checks the admin itself
 * ({@link AdminOnly}): a bean added without it fails this build.
 */
class AdminOnlyCoverageTest {

  @Test
  void every_page_bean_and_api_resource_is_admin_only() throws Exception {
    List<String> pageBeans = new ArrayList<>();
    List<String> resources = new ArrayList<>();
    List<String> unguarded = new ArrayList<>();
    for (Class<?> type : consoleClasses()) {
      boolean pageBean = type.isAnnotationPresent(Named.class);
      boolean resource = type.isAnnotationPresent(Path.class);
      if (pageBean) {
        pageBeans.add(type.getSimpleName());
      }
      if (resource) {
        resources.add(type.getSimpleName());
      }
      if ((pageBean || resource)
          && type != SignInBacking.class
          && !type.isAnnotationPresent(AdminOnly.class)) {
        unguarded.add(type.getName());
      }
    }
    assertEquals(List.of(), unguarded);
    // the scan saw what it must see (a broken scan would pass vacuously)
    assertTrue(
        pageBeans.containsAll(
            List.of("DashboardBacking", "UsersBacking", "TeamsBacking", "SignInBacking")),
        pageBeans.toString());
    assertTrue(
        resources.containsAll(List.of("UsersResource", "SyncResource")), resources.toString());
  }

  private static List<Class<?>> consoleClasses()
      throws IOException, URISyntaxException, ClassNotFoundException {
    java.nio.file.Path root =
        java.nio.file.Path.of(
            AdminOnly.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Class<?>> classes = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root)) {
      for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        String name = root.relativize(file).toString().replace('/', '.');
        classes.add(Class.forName(name.substring(0, name.length() - ".class".length())));
      }
    }
    return classes;
  }
}
