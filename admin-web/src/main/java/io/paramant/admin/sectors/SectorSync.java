package io.paramant.admin.sectors;

import io.paramant.admin.signin.AdminToken;
import io.paramant.admin.users.UsersChanged;
import io.paramant.admin.users.UsersStore;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.lang.System.Logger.Level;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps every sector relay on the users file this console wrote.
 *
 * <p>After each change the console asks every sector to reload ({@code POST /v2/admin/reload}) and
 * waits for the answers (at most {@link #TIMEOUT} each, all in parallel) before the change is
 * reported done. Every {@link #POLL_SECONDS} seconds it asks each sector which file it has in force
 * ({@code GET /v2/admin/users-state}): a sector that answers with another digest is told to reload;
 * one that does not answer stays {@code out_of_sync} (not reachable) and is synced as soon as it
 * answers again. (The relays also poll the file themselves; this makes the state visible and the
 * change immediate.)
 */
@ApplicationScoped
public class SectorSync {

  /** JSON-P factories made once: each {@code Json.createX} call looks the provider up again. */
  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  static final Duration TIMEOUT = Duration.ofSeconds(2);
  static final int POLL_SECONDS = 2;
  private static final System.Logger LOG = System.getLogger(SectorSync.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.sectors", defaultValue = "")
  String sectorList;

  @Inject AdminToken token;
  @Inject UsersStore users;

  private List<Sector> sectors;
  private final Map<String, SectorState> states = new ConcurrentHashMap<>();
  private HttpClient http;
  private ScheduledFuture<?> poller;

  @PostConstruct
  void start() {
    sectors = Sector.parseList(sectorList);
    if (sectors.isEmpty()) {
      LOG.log(Level.WARNING, "paramant.sectors is empty: no sector relay will be kept in sync");
    }
    http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    try {
      ManagedScheduledExecutorService scheduler =
          (ManagedScheduledExecutorService)
              new InitialContext().lookup("java:comp/DefaultManagedScheduledExecutorService");
      poller =
          scheduler.scheduleWithFixedDelay(this::pollQuietly, 1, POLL_SECONDS, TimeUnit.SECONDS);
    } catch (NamingException e) {
      throw new IllegalStateException("no default managed scheduled executor", e);
    }
  }

  /** Starts the poller with the application. */
  void onStart(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
    sectors(); // touch the bean
  }

  @PreDestroy
  void stop() {
    if (poller != null) {
      poller.cancel(false);
    }
  }

  /** The configured sectors, in order. */
  public List<Sector> sectors() {
    return sectors;
  }

  /** The last known state of every sector (unknown ones are reported {@code down}). */
  public List<SectorState> states() {
    return sectors.stream()
        .map(
            s ->
                states.getOrDefault(
                    s.name(),
                    new SectorState(
                        s, SectorState.OUT_OF_SYNC, false, null, null, "not contacted yet")))
        .toList();
  }

  /** Tells every sector to reload now and returns their states. */
  public List<SectorState> syncAll() {
    String expected = users.sha256();
    List<CompletableFuture<SectorState>> calls =
        sectors.stream().map(s -> reload(s, expected)).toList();
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    calls.forEach(c -> record(c.join()));
    return states();
  }

  void usersChanged(@Observes UsersChanged changed) {
    List<SectorState> result = syncAll();
    result.stream()
        .filter(s -> !s.inSync())
        .forEach(
            s ->
                LOG.log(
                    Level.WARNING,
                    "Sector {0} is {1} after the change ({2}); it is synced when it answers",
                    s.sector().name(),
                    s.status(),
                    s.detail()));
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "Sector poll failed: {0}", e.toString());
    }
  }

  /** One round: ask every sector for its file digest and reload the ones that differ. */
  void poll() {
    String expected = users.sha256();
    List<CompletableFuture<SectorState>> calls =
        sectors.stream()
            .map(
                s ->
                    get(s, "/v2/admin/users-state")
                        .thenCompose(
                            answer ->
                                answer.ok() && Objects.equals(answer.usersSha256(), expected)
                                    ? CompletableFuture.completedFuture(answer.state(s, expected))
                                    : answer.reachable()
                                        ? reload(s, expected)
                                        : CompletableFuture.completedFuture(
                                            answer.state(s, expected))))
            .toList();
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    calls.forEach(c -> record(c.join()));
  }

  private void record(SectorState state) {
    SectorState before = states.put(state.sector().name(), state);
    if (before != null && !before.status().equals(state.status())) {
      LOG.log(
          Level.INFO,
          "Sector {0}: {1} -> {2}",
          state.sector().name(),
          before.status(),
          state.status());
    }
  }

  private CompletableFuture<SectorState> reload(Sector sector, String expected) {
    HttpRequest request =
        HttpRequest.newBuilder(sector.resolve("/v2/admin/reload"))
            .timeout(TIMEOUT)
            .header("Authorization", token.bearer())
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    return call(request).thenApply(answer -> answer.state(sector, expected));
  }

  private CompletableFuture<Answer> get(Sector sector, String path) {
    HttpRequest request =
        HttpRequest.newBuilder(sector.resolve(path))
            .timeout(TIMEOUT)
            .header("Authorization", token.bearer())
            .GET()
            .build();
    return call(request);
  }

  private CompletableFuture<Answer> call(HttpRequest request) {
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                return new Answer(false, false, null, "no answer (" + simple(failure) + ")");
              }
              if (response.statusCode() != 200) {
                return new Answer(
                    true,
                    false,
                    null,
                    "answered HTTP " + response.statusCode() + errorCode(response));
              }
              try (JsonReader reader = READERS.createReader(new StringReader(response.body()))) {
                JsonObject body = reader.readObject();
                String sha =
                    body.get("users_sha256") instanceof JsonString s ? s.getString() : null;
                return new Answer(true, true, sha, null);
              } catch (RuntimeException e) {
                return new Answer(true, false, null, "answered something that is not JSON");
              }
            });
  }

  private static String errorCode(HttpResponse<String> response) {
    try (JsonReader reader = READERS.createReader(new StringReader(response.body()))) {
      return " " + reader.readObject().getString("error", "");
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static String simple(Throwable failure) {
    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
    return cause.getClass().getSimpleName();
  }

  /** One sector's answer to an admin call. */
  private record Answer(boolean reachable, boolean ok, String usersSha256, String problem) {

    SectorState state(Sector sector, String expected) {
      Instant now = Instant.now();
      if (!reachable) {
        return new SectorState(sector, SectorState.OUT_OF_SYNC, false, null, now, problem);
      }
      if (!ok) {
        return new SectorState(sector, SectorState.OUT_OF_SYNC, true, null, now, problem);
      }
      if (!Objects.equals(usersSha256, expected)) {
        return new SectorState(
            sector,
            SectorState.OUT_OF_SYNC,
            true,
            usersSha256,
            now,
            "has another users file in force");
      }
      return new SectorState(sector, SectorState.IN_SYNC, true, usersSha256, now, null);
    }
  }

  /** Health and load of every sector, asked now (for the dashboard). */
  public Map<String, SectorOverview> overview() {
    Map<String, CompletableFuture<SectorOverview>> calls = new LinkedHashMap<>();
    for (Sector sector : sectors) {
      calls.put(sector.name(), SectorOverview.fetch(http, sector, token, TIMEOUT));
    }
    Map<String, SectorOverview> result = new LinkedHashMap<>();
    calls.forEach((name, call) -> result.put(name, call.join()));
    return result;
  }
}
