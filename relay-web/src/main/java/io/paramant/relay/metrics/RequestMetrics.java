package io.paramant.relay.metrics;

import io.paramant.relay.platform.RelayApplication;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Counts every JAX-RS response by route and status: {@code
 * paramant_requests_total{route="/v2/outbound/{hash}",status="404"}}.
 *
 * <p>Cardinality: {@code route} is the matched resource method's path <em>template</em>, never the
 * request path, so hashes, device ids and drop ids never become label values; a request that
 * matched no resource method (an unknown path, a method the path does not support, a key in the URL
 * refused before matching) is counted as {@code route="unmatched"}. With about twenty templates and
 * the dozen statuses the API uses, the series stay in the low hundreds. {@code /metrics}, {@code
 * /openapi}, {@code /mphealth} and the WebSocket are served outside JAX-RS and not counted.
 */
@Provider
@ApplicationScoped
public class RequestMetrics implements ContainerResponseFilter {

  static final String UNMATCHED = "unmatched";

  private static final Metadata REQUESTS =
      Metadata.builder()
          .withName("paramant_requests")
          .withDescription("HTTP responses of the relay API by route template and status")
          .withUnit(MetricUnits.NONE)
          .build();

  @Inject MetricRegistry registry;
  @Context ResourceInfo matched;

  private final ConcurrentHashMap<Method, String> templates = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    Method method = matched == null ? null : matched.getResourceMethod();
    String route =
        method == null
            ? UNMATCHED
            : templates.computeIfAbsent(
                method, m -> template(matched.getResourceClass(), m, applicationPath()));
    String status = Integer.toString(response.getStatus());
    counters
        .computeIfAbsent(
            route + " " + status,
            key -> registry.counter(REQUESTS, new Tag("route", route), new Tag("status", status)))
        .inc();
  }

  private static String applicationPath() {
    ApplicationPath path = RelayApplication.class.getAnnotation(ApplicationPath.class);
    return path == null ? "/" : path.value();
  }

  /**
   * The route template of a resource method: application, class and method paths joined, each
   * {@code {name: regex}} reduced to {@code {name}}.
   */
  static String template(Class<?> resource, Method method, String applicationPath) {
    Path classPath = resource == null ? null : resource.getAnnotation(Path.class);
    Path methodPath = method.getAnnotation(Path.class);
    String joined =
        Arrays.stream(
                new String[] {
                  applicationPath,
                  classPath == null ? null : classPath.value(),
                  methodPath == null ? null : methodPath.value()
                })
            .filter(Objects::nonNull)
            .map(s -> s.replaceAll("^/+|/+$", ""))
            .filter(s -> !s.isEmpty())
            .collect(Collectors.joining("/", "/", ""));
    return withoutRegexes(joined);
  }

  /** {@code {name: regex}} to {@code {name}}; a regex may contain braces of its own. */
  private static String withoutRegexes(String path) {
    StringBuilder out = new StringBuilder(path.length());
    int depth = 0;
    boolean inRegex = false;
    for (char ch : path.toCharArray()) {
      if (ch == '{' && depth++ == 0) {
        out.append(ch);
        inRegex = false;
      } else if (ch == '}' && --depth == 0) {
        out.append(ch);
      } else if (depth == 0) {
        out.append(ch);
      } else if (ch == ':' && depth == 1) {
        inRegex = true;
      } else if (!inRegex && !Character.isWhitespace(ch)) {
        out.append(ch);
      }
    }
    return out.toString();
  }
}
