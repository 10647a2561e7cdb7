package io.paramant.admin.platform;

import io.paramant.admin.edition.EditionService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonBuilderFactory;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/** {@code GET /health}: the console is up (the launcher waits for it). No secrets, no sign-in. */
@WebServlet("/health")
public class HealthServlet extends HttpServlet {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonBuilderFactory BUILDERS = Json.createBuilderFactory(Map.of());

  private static final long serialVersionUID = 1L;
  private static final String VERSION = readVersion();
  private final long startedAtMs = System.currentTimeMillis();

  @Inject transient EditionService edition;

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("application/json");
    response
        .getWriter()
        .write(
            BUILDERS
                .createObjectBuilder()
                .add("ok", true)
                .add("version", VERSION)
                .add("service", "admin")
                .add("edition", edition.current().name())
                .add("uptime_s", (System.currentTimeMillis() - startedAtMs) / 1000)
                .build()
                .toString());
  }

  private static String readVersion() {
    try (InputStream in = HealthServlet.class.getResourceAsStream("/paramant-version.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
