package io.paramant.web.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CorrelatedFailureMapperTest {

  private static final Pattern ID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  static class Mapper extends CorrelatedFailureMapper {
    @Override
    protected String detail(String correlationId) {
      return "The relay failed to process the request (correlation id " + correlationId + ").";
    }
  }

  @Test
  void the_client_gets_the_id_that_is_logged_with_the_failure_and_nothing_else() {
    List<LogRecord> logged = new ArrayList<>();
    Logger logger = Logger.getLogger(Mapper.class.getName());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            logged.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    try {
      IllegalStateException bug = new IllegalStateException("secret internals");
      ApiError first = new Mapper().failure(bug);
      ApiError second = new Mapper().failure(bug);

      assertEquals("internal_error", first.error());
      assertFalse(first.ok());
      Matcher id = ID.matcher(first.detail());
      assertTrue(id.find(), first.detail());
      assertEquals(
          "The relay failed to process the request (correlation id " + id.group() + ").",
          first.detail());
      assertFalse(first.detail().contains("secret"));
      assertNotEquals(first.detail(), second.detail(), "a new id per failure");

      assertEquals(2, logged.size());
      assertEquals("Unexpected failure, correlation id " + id.group(), logged.get(0).getMessage());
      assertSame(bug, logged.get(0).getThrown());
    } finally {
      logger.removeHandler(handler);
    }
  }
}
