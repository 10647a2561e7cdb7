package io.paramant.web.platform;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Keeps what Payara serves at {@code /openapi} equal to the hand-written document ({@code
 * META-INF/openapi.yaml}, OpenAPI 3.0.3), so that the document as served passes swagger-parser and
 * openapi-generator's default validation. Registered with {@code mp.openapi.filter} in relay-web's
 * {@code META-INF/microprofile-config.properties}, and in this module's for {@code paramant.ear}
 * (Payara Server reads MicroProfile OpenAPI's settings of an EAR from its {@code lib/}, where this
 * jar is, so the class lives here too); Payara runs it once per web module, after reading the file
 * and before serving it.
 *
 * <p>What it undoes, found by serving the document on each line and validating what came back:
 *
 * <ul>
 *   <li>Payara Micro 6.2025.10 adds a top-level {@code endpoints:} map (context root → paths) that
 *       OpenAPI 3.0 does not allow ("attribute endpoints is unexpected"); 7.2026.11 adds the same
 *       map as {@code x-endpoints} (allowed, but not ours). Payara writes it only when it is not
 *       empty; the filter empties it.
 *   <li>Payara Micro 7.2026.11 implements MicroProfile OpenAPI 4 (OpenAPI 3.1), whose schema model
 *       has no {@code nullable}: it keeps our {@code nullable: true} as an arbitrary schema value
 *       and writes every such value twice, in place and again under a bogus {@code all:} key
 *       ({@code all: {nullable: true}}, invalid). The filter moves {@code nullable} from the
 *       arbitrary values into the schema's extension map, which Payara writes in place (and only
 *       once), so the served schema reads {@code nullable: true} as in the file. On Payara 6 {@code
 *       nullable} is a real property and nothing is moved.
 * </ul>
 *
 * <p>Both fixes use Payara's model beyond the MicroProfile API (the endpoints setter of its {@code
 * OpenAPI} implementation; {@code getAll}/{@code setAll} of MicroProfile OpenAPI 4, called by name
 * because this module compiles against MicroProfile OpenAPI 3.1). Each is a no-op where the method
 * is missing, so a Payara that stops doing either simply leaves the document as it is; a Payara
 * that changes the serialisation again is caught by {@code OpenApiIT}, which validates the served
 * document on every deployment the tests run (docs/operations.md, "The API document").
 *
 * <p>Why not OpenAPI 3.1 on Payara 7: Payara 6's model (MicroProfile OpenAPI 3.1) cannot hold 3.1
 * schemas ({@code type: [string, "null"]}), so the file has to stay 3.0.3; rewriting it to 3.1 on
 * Payara 7 only would serve two different documents for one WAR (and swagger-parser's 3.1
 * validation then also wants a licence identifier or URL that a proprietary licence does not have).
 */
public class ServedOpenApiFilter implements OASFilter {

  private static final String NULLABLE = "nullable";

  @Override
  public Schema filterSchema(Schema schema) {
    Map<String, ?> arbitrary = arbitraryValues(schema);
    if (arbitrary != null && arbitrary.containsKey(NULLABLE)) {
      Object nullable = arbitrary.get(NULLABLE);
      Map<String, Object> rest = new LinkedHashMap<>(arbitrary);
      rest.remove(NULLABLE);
      invoke(schema, "setAll", Map.class, rest);
      Map<String, Object> extensions = new LinkedHashMap<>();
      if (schema.getExtensions() != null) {
        extensions.putAll(schema.getExtensions());
      }
      extensions.put(NULLABLE, nullable);
      // setExtensions, not addExtension: the latter logs a warning for a name without "x-"
      schema.setExtensions(extensions);
    }
    return schema;
  }

  @Override
  public void filterOpenAPI(OpenAPI openAPI) {
    invoke(openAPI, "setEndpoints", Map.class, new LinkedHashMap<String, Object>());
  }

  /** MicroProfile OpenAPI 4's {@code Schema.getAll()}, or null where the model has none (MP 3). */
  @SuppressWarnings("unchecked")
  private static Map<String, ?> arbitraryValues(Schema schema) {
    Object all = invoke(schema, "getAll", null, null);
    return all instanceof Map<?, ?> map ? (Map<String, ?>) map : null;
  }

  /**
   * Calls a public method of the runtime's model by name (no argument if {@code parameter} is
   * null); returns its result, or null if the model has no such method.
   */
  private static Object invoke(Object target, String name, Class<?> parameter, Object argument) {
    Method method;
    try {
      method =
          parameter == null
              ? target.getClass().getMethod(name)
              : target.getClass().getMethod(name, parameter);
    } catch (NoSuchMethodException notThisModel) {
      return null;
    }
    try {
      return parameter == null ? method.invoke(target) : method.invoke(target, argument);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("cannot call " + name + " of " + target.getClass(), e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(name + " of " + target.getClass() + " failed", e.getCause());
    }
  }
}
