package io.paramant.web.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.servlet.RequestDispatcher;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorServletTest {

  @Test
  void a_container_error_answers_in_json_with_the_code_table() throws Exception {
    ServletFakes.Recorded answer = new ServletFakes.Recorded();
    new ErrorServlet()
        .service(
            ServletFakes.request(Map.of(RequestDispatcher.ERROR_STATUS_CODE, 405)),
            answer.response());
    assertEquals(405, answer.status);
    assertEquals("application/json;charset=UTF-8", answer.contentType);
    assertEquals(
        "{\"ok\":false,\"error\":\"method_not_allowed\","
            + "\"detail\":\"This route does not support that method.\"}",
        answer.body.toString());
  }

  @Test
  void the_page_asked_for_directly_is_a_404() throws Exception {
    ServletFakes.Recorded answer = new ServletFakes.Recorded();
    new ErrorServlet().service(ServletFakes.request(Map.of()), answer.response());
    assertEquals(404, answer.status);
    assertEquals(
        "{\"ok\":false,\"error\":\"not_found\",\"detail\":\"No such route.\"}",
        answer.body.toString());
  }
}
