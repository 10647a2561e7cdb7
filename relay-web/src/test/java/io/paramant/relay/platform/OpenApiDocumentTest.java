package io.paramant.relay.platform;

import static java.util.stream.Collectors.joining;
import static java.util.stream.Collectors.toCollection;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.paramant.relay.accounts.boundary.ApiKeyFilter;
import io.paramant.relay.accounts.boundary.ApiKeyRequired;
import io.paramant.relay.did.boundary.DidAccepted;
import io.paramant.web.platform.ApiError;
import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written OpenAPI document (META-INF/openapi.yaml, served at {@code /openapi}) against the
 * code: it must be valid, and it must describe exactly the routes, credentials, parameters, media
 * types and JSON properties of the JAX-RS resources found in the compiled classes of this module.
 */
class OpenApiDocumentTest {

  private static final String API_KEY = "ApiKey";
  private static final String ADMIN_TOKEN = "AdminToken";
  private static final String ERROR_SCHEMA = "#/components/schemas/Error";

  /**
   * Request headers that are not operation parameters: HTTP framing, and credentials (security
   * schemes).
   */
  private static final Set<String> NOT_PARAMETERS =
      Set.of(
          lower(HttpHeaders.CONTENT_LENGTH),
          lower(HttpHeaders.AUTHORIZATION),
          lower(ApiKeyFilter.API_KEY_HEADER));

  private static java.nio.file.Path classes;
  private static OpenAPI document;
  private static SwaggerParseResult parsed;

  /** Served routes ("GET /v2/status/{hash}") and the resource methods that serve them. */
  private static Map<String, List<Method>> served;

  @BeforeAll
  static void readDocumentAndScanResources() throws IOException, URISyntaxException {
    classes =
        java.nio.file.Path.of(
            ApiKeyRequired.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertTrue(
        Files.isDirectory(classes),
        "expected the module's compiled classes directory, got " + classes);
    java.nio.file.Path file = file();
    assertTrue(Files.isRegularFile(file), file + " is missing");

    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    parsed =
        new OpenAPIV3Parser()
            .readContents(Files.readString(file, StandardCharsets.UTF_8), null, options);
    document = parsed.getOpenAPI();
    assertNotNull(document, "the document does not parse: " + parsed.getMessages());

    served = scanResources();
  }

  /** The document as packaged into the WAR. */
  private static java.nio.file.Path file() {
    return classes.resolve("META-INF/openapi.yaml");
  }

  @Test
  void document_is_valid_openapi_3_0_without_any_parser_message() {
    assertEquals(List.of(), Objects.requireNonNullElse(parsed.getMessages(), List.of()));
    assertTrue(
        document.getOpenapi().startsWith("3.0."),
        "MicroProfile OpenAPI 3.x serves OpenAPI 3.0 documents");
    assertNotNull(document.getInfo().getTitle());
    assertNotNull(document.getInfo().getVersion());
    assertFalse(document.getServers().isEmpty(), "a server entry is expected");
  }

  @Test
  void every_reference_resolves_within_the_document() throws IOException {
    // swagger-parser reports dangling schema references only; this covers responses, parameters,
    // headers.
    JsonNode root = Yaml.mapper().readTree(Files.readString(file(), StandardCharsets.UTF_8));
    List<String> dangling = new ArrayList<>();
    collectReferences(root, dangling::add);
    dangling.removeIf(ref -> ref.startsWith("#/") && !root.at(ref.substring(1)).isMissingNode());
    assertEquals(List.of(), dangling, "references that do not resolve within openapi.yaml");
  }

  @Test
  void every_served_route_is_documented_and_every_documented_route_is_served() {
    assertFalse(served.isEmpty(), "no JAX-RS resource method found under " + classes);
    Set<String> documented = new TreeSet<>(operations().keySet());
    Set<String> undocumented = new TreeSet<>(served.keySet());
    undocumented.removeAll(documented);
    Set<String> notServed = new TreeSet<>(documented);
    notServed.removeAll(served.keySet());
    assertEquals(Set.of(), undocumented, "served by the code but missing from openapi.yaml");
    assertEquals(Set.of(), notServed, "in openapi.yaml but served by no resource method");
  }

  @Test
  void routes_that_need_a_key_require_api_key_security_and_document_401() {
    SecurityScheme scheme = document.getComponents().getSecuritySchemes().get(API_KEY);
    assertNotNull(scheme, "security scheme " + API_KEY);
    assertEquals(SecurityScheme.Type.APIKEY, scheme.getType());
    assertEquals(SecurityScheme.In.HEADER, scheme.getIn());
    assertEquals(ApiKeyFilter.API_KEY_HEADER, scheme.getName());

    forEachDocumentedRoute(
        (route, methods, operation) -> {
          boolean needsKey = agreed(route, methods, OpenApiDocumentTest::needsKey);
          boolean readsKeyHeader =
              methods.stream()
                  .anyMatch(m -> headerParams(m).contains(lower(ApiKeyFilter.API_KEY_HEADER)));
          boolean acceptsDid = agreed(route, methods, OpenApiDocumentTest::acceptsDid);
          if (needsKey) {
            assertTrue(
                requires(operation, API_KEY),
                route + " needs a key: every security requirement must name " + API_KEY);
            // DID authentication is described, not declared (see info.description)
            assertEquals(
                acceptsDid,
                document.getInfo().getDescription().contains("`" + route + "`"),
                route
                    + ": listed among the DID routes of the conventions exactly when @DidAccepted");
            assertTrue(
                operation.getResponses().containsKey("401"),
                route + " needs a key: document its 401");
          } else if (readsKeyHeader) {
            assertTrue(
                offers(operation, API_KEY),
                route + " reads X-Api-Key: declare " + API_KEY + " (optional)");
            assertFalse(
                requires(operation, API_KEY),
                route + " does not require a key: add the empty requirement {}");
          } else {
            assertFalse(
                offers(operation, API_KEY), route + " takes no key but declares " + API_KEY);
          }
        });
  }

  @Test
  void admin_routes_require_the_admin_token_and_others_do_not() {
    SecurityScheme scheme = document.getComponents().getSecuritySchemes().get(ADMIN_TOKEN);
    assertNotNull(scheme, "security scheme " + ADMIN_TOKEN);
    assertEquals(SecurityScheme.Type.HTTP, scheme.getType());
    assertEquals("bearer", scheme.getScheme().toLowerCase(Locale.ROOT));

    forEachDocumentedRoute(
        (route, methods, operation) -> {
          boolean admin =
              agreed(
                  route, methods, m -> headerParams(m).contains(lower(HttpHeaders.AUTHORIZATION)));
          if (admin) {
            assertTrue(
                requires(operation, ADMIN_TOKEN),
                route + " reads Authorization: require " + ADMIN_TOKEN);
            assertTrue(
                operation.getResponses().containsKey("401"),
                route + " checks a token: document its 401");
          } else {
            assertFalse(
                offers(operation, ADMIN_TOKEN),
                route + " takes no admin token but declares " + ADMIN_TOKEN);
          }
        });
  }

  @Test
  void documented_parameters_are_exactly_the_query_and_header_parameters_of_the_code() {
    forEachDocumentedRoute(
        (route, methods, operation) -> {
          String path = route.substring(route.indexOf(' ') + 1);
          Set<String> inCode = new TreeSet<>();
          for (Method m : methods) {
            inCode.addAll(parameters(m));
            for (String name : pathParams(m)) {
              assertTrue(
                  templateVariables(path).contains(name),
                  route + ": @PathParam " + name + " not in the path");
            }
          }
          Set<String> inDocument = new TreeSet<>();
          Set<String> documentedPathParams = new TreeSet<>();
          for (Parameter p : parameters(route)) {
            if ("path".equals(p.getIn())) {
              documentedPathParams.add(p.getName());
            } else {
              inDocument.add(
                  p.getIn()
                      + ":"
                      + ("header".equals(p.getIn()) ? lower(p.getName()) : p.getName()));
            }
          }
          assertEquals(templateVariables(path), documentedPathParams, route + ": path parameters");
          assertEquals(
              inCode,
              inDocument,
              route
                  + ": query/header/cookie parameters (X-Api-Key and Authorization belong in security)");
        });
  }

  @Test
  void request_and_response_media_types_match_consumes_and_produces() {
    forEachDocumentedRoute(
        (route, methods, operation) -> {
          Set<String> consumes = new TreeSet<>();
          Set<String> produces = new TreeSet<>();
          for (Method m : methods) {
            consumes.addAll(mediaTypes(m, Consumes.class));
            produces.addAll(mediaTypes(m, Produces.class));
          }
          Set<String> requestTypes =
              operation.getRequestBody() == null
                  ? Set.of()
                  : new TreeSet<>(operation.getRequestBody().getContent().keySet());
          assertEquals(consumes, requestTypes, route + ": requestBody media types vs @Consumes");

          Set<String> successTypes = new TreeSet<>();
          operation
              .getResponses()
              .forEach(
                  (status, response) -> {
                    Content content = response(response).getContent();
                    if (status.startsWith("2") && content != null) {
                      successTypes.addAll(content.keySet());
                    }
                  });
          // a download also lists JSON (its errors) in @Produces so that an Accept naming JSON
          // gets the bytes instead of 406; its 2xx is the bytes only (BlobsResource#outbound)
          if (produces.contains("application/octet-stream")) {
            produces.remove("application/json");
          }
          // likewise a DID document (DidsResource#resolve): its 2xx is application/did+json only
          if (produces.contains("application/did+json")) {
            produces.remove("application/json");
          }
          assertEquals(produces, successTypes, route + ": 2xx media types vs @Produces");
        });
  }

  @Test
  void json_responses_name_exactly_the_properties_of_the_records_returned() {
    forEachDocumentedRoute(
        (route, methods, operation) -> {
          for (Method m : methods) {
            if (!m.getReturnType().isRecord()) {
              continue;
            }
            ApiResponse ok = response(operation.getResponses().get("200"));
            assertNotNull(
                ok, route + " returns " + m.getReturnType().getSimpleName() + ": document its 200");
            MediaType json = ok.getContent().get(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
            assertNotNull(json, route + ": 200 application/json");
            assertSchemaMatchesRecord(route + " 200", schema(json.getSchema()), m.getReturnType());
          }
        });
    assertSchemaMatchesRecord(
        "Error", document.getComponents().getSchemas().get("Error"), ApiError.class);
  }

  @Test
  void every_error_response_has_the_error_schema_and_head_responses_have_no_body() {
    forEachDocumentedRoute(
        (route, methods, operation) ->
            operation
                .getResponses()
                .forEach(
                    (status, reference) -> {
                      assertTrue(
                          status.matches("[1-5][0-9][0-9]"),
                          route + ": " + status + " is not an HTTP status (no 'default' either)");
                      ApiResponse response = response(reference);
                      boolean head = route.startsWith("HEAD ");
                      if (head) {
                        assertTrue(
                            response.getContent() == null,
                            route + " " + status + ": HEAD responses have no body");
                      } else if (Integer.parseInt(status) >= 400) {
                        assertNotNull(
                            response.getContent(),
                            route + " " + status + ": error responses have a JSON body");
                        assertEquals(
                            Set.of(jakarta.ws.rs.core.MediaType.APPLICATION_JSON),
                            response.getContent().keySet(),
                            route + " " + status);
                        assertEquals(
                            ERROR_SCHEMA,
                            response
                                .getContent()
                                .get(jakarta.ws.rs.core.MediaType.APPLICATION_JSON)
                                .getSchema()
                                .get$ref(),
                            route + " " + status);
                      }
                    }));
  }

  @Test
  void every_operation_has_a_unique_operation_id_fit_for_generated_clients() {
    Set<String> seen = new HashSet<>();
    operations()
        .forEach(
            (route, operation) -> {
              String id = operation.getOperationId();
              assertNotNull(id, route + ": operationId");
              assertTrue(
                  id.matches("[a-z][A-Za-z0-9]*"),
                  route + ": operationId " + id + " should be lowerCamelCase");
              assertTrue(seen.add(id), route + ": operationId " + id + " is used twice");
            });
  }

  private static void collectReferences(JsonNode node, java.util.function.Consumer<String> sink) {
    if (node.isObject() && node.path("$ref").isTextual()) {
      sink.accept(node.get("$ref").asText());
    }
    node.forEach(child -> collectReferences(child, sink));
  }

  // ---- the code side
  // ------------------------------------------------------------------------------------

  /**
   * Root resources ({@code @Path} classes) of the compiled classes, by route, under the one
   * {@code @ApplicationPath}.
   */
  private static Map<String, List<Method>> scanResources() throws IOException {
    List<Class<?>> all = new ArrayList<>();
    try (Stream<java.nio.file.Path> files = Files.walk(classes)) {
      for (java.nio.file.Path f :
          (Iterable<java.nio.file.Path>)
              files.filter(p -> p.toString().endsWith(".class"))::iterator) {
        String name =
            classes.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
        name = name.substring(0, name.length() - ".class".length());
        // Not only io.paramant.relay: the CT log's routes (io.paramant.ct.boundary) are here too.
        if (!name.startsWith("io.paramant.") || name.endsWith("package-info")) {
          continue;
        }
        try {
          all.add(Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
          throw new AssertionError("cannot load " + name, e);
        }
      }
    }
    List<String> applicationPaths =
        all.stream()
            .filter(c -> c.isAnnotationPresent(ApplicationPath.class))
            .map(c -> c.getAnnotation(ApplicationPath.class).value())
            .toList();
    assertEquals(
        1,
        applicationPaths.size(),
        "exactly one @ApplicationPath class expected: " + applicationPaths);

    Map<String, List<Method>> routes = new TreeMap<>();
    for (Class<?> resource : all) {
      Path classPath = resource.getAnnotation(Path.class);
      if (classPath == null) {
        continue;
      }
      for (Method m : resource.getMethods()) {
        Path methodPath = m.getAnnotation(Path.class);
        String httpMethod = httpMethod(m);
        if (httpMethod == null) {
          assertTrue(
              methodPath == null,
              m + ": sub-resource locators are not covered by this test; extend it");
          continue;
        }
        String path =
            join(
                applicationPaths.get(0),
                classPath.value(),
                methodPath == null ? null : methodPath.value());
        routes.computeIfAbsent(httpMethod + " " + path, k -> new ArrayList<>()).add(m);
      }
    }
    return routes;
  }

  private static String httpMethod(Method m) {
    for (Annotation a : m.getAnnotations()) {
      HttpMethod http = a.annotationType().getAnnotation(HttpMethod.class);
      if (http != null) {
        return http.value();
      }
    }
    return null;
  }

  private static boolean acceptsDid(Method m) {
    return m.isAnnotationPresent(DidAccepted.class)
        || m.getDeclaringClass().isAnnotationPresent(DidAccepted.class);
  }

  private static boolean needsKey(Method m) {
    return m.isAnnotationPresent(ApiKeyRequired.class)
        || m.getDeclaringClass().isAnnotationPresent(ApiKeyRequired.class);
  }

  /** Lower-cased names of a method's {@code @HeaderParam}s. */
  private static Set<String> headerParams(Method m) {
    Set<String> names = new HashSet<>();
    for (Annotation[] annotations : m.getParameterAnnotations()) {
      for (Annotation a : annotations) {
        if (a instanceof HeaderParam h) {
          names.add(lower(h.value()));
        }
      }
    }
    return names;
  }

  private static Set<String> pathParams(Method m) {
    Set<String> names = new HashSet<>();
    for (Annotation[] annotations : m.getParameterAnnotations()) {
      for (Annotation a : annotations) {
        if (a instanceof PathParam p) {
          names.add(p.value());
        }
      }
    }
    return names;
  }

  /**
   * Query, header and cookie parameters as {@code in:name}, except those that are not operation
   * parameters.
   */
  private static Set<String> parameters(Method m) {
    Set<String> names = new HashSet<>();
    for (Annotation[] annotations : m.getParameterAnnotations()) {
      for (Annotation a : annotations) {
        if (a instanceof QueryParam q) {
          names.add("query:" + q.value());
        } else if (a instanceof HeaderParam h && !NOT_PARAMETERS.contains(lower(h.value()))) {
          names.add("header:" + lower(h.value()));
        } else if (a instanceof CookieParam c) {
          names.add("cookie:" + c.value());
        } else if (a instanceof BeanParam || a instanceof FormParam || a instanceof MatrixParam) {
          fail(
              m
                  + ": "
                  + a.annotationType().getSimpleName()
                  + " is not covered by this test; extend it");
        }
      }
    }
    return names;
  }

  /**
   * {@code @Consumes}/{@code @Produces} of the method, else of its class; parameters such as
   * charset dropped.
   */
  private static Set<String> mediaTypes(Method m, Class<? extends Annotation> kind) {
    Annotation a =
        m.isAnnotationPresent(kind)
            ? m.getAnnotation(kind)
            : m.getDeclaringClass().getAnnotation(kind);
    if (a == null) {
      return Set.of();
    }
    String[] values = a instanceof Consumes c ? c.value() : ((Produces) a).value();
    return Arrays.stream(values)
        .flatMap(v -> Arrays.stream(v.split(",")))
        .map(v -> v.split(";")[0].strip())
        .collect(toCollection(TreeSet::new));
  }

  /** The JSON-B name of a record component under LOWER_CASE_WITH_UNDERSCORES (see JsonConfig). */
  private static String jsonName(RecordComponent c) {
    JsonbProperty explicit = c.getAccessor().getAnnotation(JsonbProperty.class);
    if (explicit != null && !explicit.value().isEmpty()) {
      return explicit.value();
    }
    return c.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }

  private static void assertSchemaMatchesRecord(String where, Schema<?> schema, Class<?> record) {
    assertNotNull(schema, where + ": schema for " + record.getSimpleName());
    Map<String, ?> documented = schema.getProperties();
    Set<String> properties = documented == null ? Set.of() : new TreeSet<>(documented.keySet());
    Set<String> components = new TreeSet<>();
    Set<String> alwaysPresent = new TreeSet<>();
    for (RecordComponent c : record.getRecordComponents()) {
      components.add(jsonName(c));
      if (c.getType().isPrimitive()) {
        alwaysPresent.add(jsonName(c));
      }
    }
    assertEquals(components, properties, where + ": JSON properties of " + record.getSimpleName());
    Set<String> required =
        new TreeSet<>(Objects.requireNonNullElse(schema.getRequired(), List.of()));
    assertTrue(
        required.containsAll(alwaysPresent),
        where + ": primitive components are always sent, mark them required: " + alwaysPresent);
  }

  // ---- the document side
  // --------------------------------------------------------------------------------

  @FunctionalInterface
  private interface RouteCheck {
    void check(String route, List<Method> methods, Operation operation);
  }

  /**
   * Runs a check for every route that is both documented and served (the route test reports the
   * others).
   */
  private static void forEachDocumentedRoute(RouteCheck check) {
    operations()
        .forEach(
            (route, operation) -> {
              List<Method> methods = served.get(route);
              if (methods != null) {
                check.check(route, methods, operation);
              }
            });
  }

  private static Map<String, Operation> operations() {
    Map<String, Operation> operations = new LinkedHashMap<>();
    document
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach((method, op) -> operations.put(method.name() + " " + path, op)));
    return operations;
  }

  /**
   * Parameters of a documented route: those of its path item and of the operation, references
   * resolved.
   */
  private static List<Parameter> parameters(String route) {
    String path = route.substring(route.indexOf(' ') + 1);
    PathItem item = document.getPaths().get(path);
    Operation operation = operations().get(route);
    List<Parameter> all = new ArrayList<>();
    Stream.of(item.getParameters(), operation.getParameters())
        .filter(Objects::nonNull)
        .flatMap(List::stream)
        .map(
            p ->
                p.get$ref() == null
                    ? p
                    : component(
                        document.getComponents().getParameters(), p.get$ref(), "parameters"))
        .forEach(all::add);
    return all;
  }

  private static ApiResponse response(ApiResponse response) {
    return response == null || response.get$ref() == null
        ? response
        : component(document.getComponents().getResponses(), response.get$ref(), "responses");
  }

  private static Schema<?> schema(Schema<?> schema) {
    return schema == null || schema.get$ref() == null
        ? schema
        : component(document.getComponents().getSchemas(), schema.get$ref(), "schemas");
  }

  private static <T> T component(Map<String, T> components, String ref, String kind) {
    String prefix = "#/components/" + kind + "/";
    assertTrue(ref.startsWith(prefix), "unexpected reference " + ref);
    T value = components == null ? null : components.get(ref.substring(prefix.length()));
    assertNotNull(value, "dangling reference " + ref);
    return value;
  }

  /**
   * True when the operation cannot be called without {@code scheme}: every alternative requirement
   * names it.
   */
  private static boolean requires(Operation operation, String scheme) {
    List<SecurityRequirement> alternatives = security(operation);
    return !alternatives.isEmpty() && alternatives.stream().allMatch(r -> r.containsKey(scheme));
  }

  private static boolean offers(Operation operation, String scheme) {
    return security(operation).stream().anyMatch(r -> r.containsKey(scheme));
  }

  private static List<SecurityRequirement> security(Operation operation) {
    return operation.getSecurity() != null
        ? operation.getSecurity()
        : Objects.requireNonNullElse(document.getSecurity(), List.of());
  }

  // ---- helpers
  // ------------------------------------------------------------------------------------------

  /**
   * A property that all resource methods serving one route must share, else the document cannot
   * state it.
   */
  private static boolean agreed(
      String route, List<Method> methods, java.util.function.Predicate<Method> property) {
    Set<Boolean> values = new HashSet<>();
    methods.forEach(m -> values.add(property.test(m)));
    assertEquals(
        1, values.size(), route + ": its resource methods disagree on authentication: " + methods);
    return values.iterator().next();
  }

  /** {@code /}-joined path with {@code {name: regex}} templates reduced to {@code {name}}. */
  static String join(String... segments) {
    String path =
        Arrays.stream(segments)
            .filter(Objects::nonNull)
            .map(s -> s.replaceAll("^/+|/+$", ""))
            .filter(s -> !s.isEmpty())
            .collect(joining("/", "/", ""));
    StringBuilder out = new StringBuilder();
    int depth = 0;
    boolean inRegex = false;
    for (char ch : path.toCharArray()) {
      if (ch == '{') {
        depth++;
        if (depth == 1) {
          out.append(ch);
          inRegex = false;
          continue;
        }
      } else if (ch == '}') {
        depth--;
        if (depth == 0) {
          out.append(ch);
          continue;
        }
      } else if (ch == ':' && depth == 1) {
        inRegex = true;
      }
      if (depth == 0 || (!inRegex && !Character.isWhitespace(ch))) {
        out.append(ch);
      }
    }
    return out.toString();
  }

  private static Set<String> templateVariables(String path) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\{([^}]+)}").matcher(path);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
