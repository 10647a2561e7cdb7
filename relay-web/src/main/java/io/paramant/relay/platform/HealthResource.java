package io.paramant.relay.platform;

import io.paramant.relay.licensing.Licensing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The seed's public health document. Probes for orchestration use MicroProfile Health at {@code
 * /mphealth/live} and {@code /mphealth/ready} (moved there so that this path stays the relay's).
 */
@Path("health")
@ApplicationScoped
public class HealthResource {

  /** The relay's health as the seed clients read it. */
  public record Health(boolean ok, String version, String sector, String edition, long uptimeS) {}

  private static final String VERSION = readVersion();
  private final long startedAtMs = System.currentTimeMillis();

  @Inject
  @ConfigProperty(name = "paramant.sector")
  String sector;

  @Inject Licensing licensing;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Health health() {
    long uptimeS = (System.currentTimeMillis() - startedAtMs) / 1000;
    return new Health(true, VERSION, sector, licensing.edition().name(), uptimeS);
  }

  private static String readVersion() {
    try (InputStream in =
        HealthResource.class.getResourceAsStream("/paramant-version.properties")) {
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
