package io.paramant.ct.ejb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.paramant.ct.LogRangeException;
import jakarta.ejb.ApplicationException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bean's one piece of logic: a range outside the log leaves it as an application exception (so
 * that the container neither wraps it in an {@code EJBException} nor logs it), with the library's
 * message, and still a {@link LogRangeException} for relay-web's mapper.
 */
class TransparencyLogTest {

  @TempDir Path data;
  private TransparencyLog log;

  @BeforeEach
  void open() {
    log = new TransparencyLog();
    log.dataDirectory = data.toString();
    log.sector = "main";
    log.open();
  }

  @AfterEach
  void close() {
    log.close();
  }

  @Test
  void origin_siblings_and_the_public_key_file_come_from_the_sector_list_and_data_directory()
      throws Exception {
    assertEquals("http://127.0.0.1:8080", log.origin());
    assertEquals(
        java.util.HexFormat.of().formatHex(log.publicKey()) + "\n",
        java.nio.file.Files.readString(data.resolve("main").resolve("identity.pub")));
    log.close();
    log = new TransparencyLog();
    log.dataDirectory = data.toString();
    log.sector = "main";
    log.sectors = java.util.Optional.of("main=http://127.0.0.1:3000/,iot=http://127.0.0.1:3004");
    log.open();
    assertEquals("http://127.0.0.1:3000", log.origin());
    assertEquals(
        java.util.Map.of("http://127.0.0.1:3004", data.resolve("iot").resolve("identity.pub")),
        log.siblings());
  }

  @Test
  void a_range_outside_the_log_is_an_application_exception_with_the_libraries_message() {
    ApplicationLogRangeException e =
        assertThrows(ApplicationLogRangeException.class, () -> log.leaves(5, 2));
    assertEquals(
        "leaves are asked for as 0 <= from < to <= from + 1000, not from=5 to=2", e.getMessage());
    assertTrue(LogRangeException.class.isInstance(e));
    ApplicationException marker = e.getClass().getAnnotation(ApplicationException.class);
    assertTrue(marker != null && !marker.rollback());
    assertEquals(0, e.getStackTrace().length, "an expected outcome carries no stack trace");
  }

  @Test
  void proofs_outside_the_log_are_application_exceptions_too() {
    log.appendDid("did:paramant:x");
    assertThrows(ApplicationLogRangeException.class, () -> log.inclusionProof(1, 1));
    assertThrows(ApplicationLogRangeException.class, () -> log.inclusionProof(0, 2));
    assertThrows(ApplicationLogRangeException.class, () -> log.consistencyProof(0, 1));
    assertThrows(ApplicationLogRangeException.class, () -> log.consistencyProof(1, 2));
    assertEquals(1, log.inclusionProof(0, 1).treeSize());
  }
}
