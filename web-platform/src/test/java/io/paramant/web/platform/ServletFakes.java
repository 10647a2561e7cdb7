package io.paramant.web.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.Map;

/** A request with attributes and a response that records what was set on it. */
final class ServletFakes {

  private ServletFakes() {}

  static HttpServletRequest request(Map<String, Object> attributes) {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            ServletFakes.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getAttribute")) {
                return attributes.get((String) args[0]);
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  /** What a servlet or filter did to a response. */
  static final class Recorded {
    int status = 200;
    String contentType;
    final Map<String, String> headers = new LinkedHashMap<>();
    final StringWriter body = new StringWriter();

    HttpServletResponse response() {
      PrintWriter writer = new PrintWriter(body, true);
      return (HttpServletResponse)
          Proxy.newProxyInstance(
              ServletFakes.class.getClassLoader(),
              new Class<?>[] {HttpServletResponse.class},
              (proxy, method, args) -> {
                switch (method.getName()) {
                  case "setStatus" -> status = (Integer) args[0];
                  case "setContentType" -> contentType = (String) args[0];
                  case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                  case "getWriter" -> {
                    return writer;
                  }
                  default -> throw new UnsupportedOperationException(method.getName());
                }
                return null;
              });
    }
  }
}
