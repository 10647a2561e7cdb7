package io.paramant.ct.boundary;

import io.paramant.ct.ejb.ConfiguredKey;
import io.paramant.ct.ejb.TransparencyLog;
import io.paramant.ct.sth.SignedTreeHead;
import io.paramant.ct.witness.Cosignature;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Submits this log's heads to its witnesses and keeps the cosignatures they return ({@link
 * TreeHeads}), after verifying each with the witness's key (fetched from {@code GET
 * <witness>/v2/witness}, checked against the configured key or key id).
 *
 * <p>The witnesses: unless {@code paramant.witness.siblings} is false, every other sector of the
 * deployment ({@link TransparencyLog#siblings()}: its URL, its key from its {@code identity.pub});
 * plus {@code paramant.witness.submit-to}, a comma-separated list of {@code <witness URL> [<key>]},
 * the key as {@link ConfiguredKey} reads it (hex, key id or key file; without one the key the
 * witness serves is used, and logged).
 *
 * <p>Every {@code paramant.witness.poll-ms} (default 250) it looks at the log's size, without
 * signing anything: a witness is due when the log grew since its last cosignature, and anyway once
 * that is {@code paramant.witness.refresh-ms} old (default 60000, at most 300000, PROTOCOL.md's "at
 * least every 5 minutes"): an idle log's head is re-signed with a fresh timestamp and cosigned
 * again, so that clients, which require a {@code cosigned_at} at most 10 minutes old, always find
 * one. A due witness gets the newest head in a task of its own on the managed executor, at most one
 * in flight per witness, so a slow or unreachable witness delays nobody (each request times out
 * after 10 s). A witness that answers 409 {@code stale} gets a consistency proof from the size it
 * names. A failing witness is retried with a growing pause (up to the refresh interval); each
 * change of its state is logged once, never with a key or signature.
 */
@ApplicationScoped
public class WitnessSubmitter {

  private static final System.Logger LOG = System.getLogger(WitnessSubmitter.class.getName());

  @Inject TransparencyLog log;
  @Inject TreeHeads treeHeads;

  @Inject
  @ConfigProperty(name = "paramant.witness.submit-to")
  Optional<String> configured; // a comma list (Payara's config producer has no Optional<List>)

  @Inject
  @ConfigProperty(name = "paramant.witness.siblings", defaultValue = "true")
  boolean siblings;

  @Inject
  @ConfigProperty(name = "paramant.witness.poll-ms", defaultValue = "250")
  long pollMillis;

  @Inject
  @ConfigProperty(name = "paramant.witness.refresh-ms", defaultValue = "60000")
  long refreshMillis;

  private final List<WitnessTarget> targets = new ArrayList<>();
  private ManagedScheduledExecutorService scheduler;
  private ScheduledFuture<?> ticks;

  void start(@Observes @Initialized(ApplicationScoped.class) Object started)
      throws NamingException {
    if (pollMillis < 100 || refreshMillis < pollMillis || refreshMillis > 300_000) {
      throw new IllegalStateException(
          "paramant.witness.poll-ms must be at least 100 and paramant.witness.refresh-ms between"
              + " it and 300000 (witnesses cosign at least every 5 minutes)");
    }
    Map<String, Optional<ConfiguredKey>> witnesses = new LinkedHashMap<>();
    if (siblings) {
      log.siblings()
          .forEach(
              (url, file) -> witnesses.put(url, Optional.of(ConfiguredKey.parse(file.toString()))));
    }
    for (String entry : configured.orElse("").split(",")) {
      String[] fields = entry.strip().split("\\s+");
      if (fields.length == 1 && fields[0].isEmpty()) {
        continue;
      }
      String url = fields[0].replaceAll("/+$", "");
      if (fields.length > 2 || !Cosignature.isValidOrigin(url)) {
        throw new IllegalStateException(
            "paramant.witness.submit-to (PARAMANT_WITNESS_SUBMIT_TO) takes comma-separated"
                + " '<witness URL> [<public key hex, key id or key file>]' entries; not: "
                + entry);
      }
      witnesses.put(
          url, fields.length == 2 ? Optional.of(ConfiguredKey.parse(fields[1])) : Optional.empty());
    }
    witnesses.remove(log.origin()); // a log is not its own witness
    if (witnesses.isEmpty()) {
      return;
    }
    Jsonb json =
        JsonbBuilder.create(
            new JsonbConfig()
                .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES));
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with every witness
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    witnesses.forEach(
        (url, key) ->
            targets.add(new WitnessTarget(URI.create(url), key, log.origin(), http, json)));
    LOG.log(
        Level.INFO,
        "Log {0} submits its heads to {1} witness(es), every {2} ms at the latest",
        log.origin(),
        targets.size(),
        refreshMillis);
    // looked up by its standard name, as Subscribers does (and says why)
    scheduler = InitialContext.doLookup("java:comp/DefaultManagedScheduledExecutorService");
    ticks = scheduler.scheduleWithFixedDelay(this::tick, 0, pollMillis, TimeUnit.MILLISECONDS);
  }

  @PreDestroy
  void stop() {
    if (ticks != null) {
      ticks.cancel(false);
    }
  }

  /** The configured witnesses and their newest cosignatures, for GET /v2/ct/witnesses. */
  public List<LogResource.WitnessJson> witnesses() {
    return targets.stream().map(WitnessTarget::describe).toList();
  }

  private void tick() {
    try {
      long size = log.size();
      long now = System.currentTimeMillis();
      for (WitnessTarget target : targets) {
        if (target.due(size, now, refreshMillis) && target.claim()) {
          scheduler.execute(() -> submitTo(target));
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "Looking for tree heads to submit to the witnesses failed", e);
    }
  }

  private void submitTo(WitnessTarget target) {
    try {
      SignedTreeHead head = log.sth();
      target
          .submit(
              head,
              treeHeads.served(head),
              from -> log.consistencyProof(from, head.treeSize()).path(),
              refreshMillis,
              pollMillis)
          .ifPresent(cosignature -> treeHeads.addCosignature(head, cosignature));
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "Submitting the tree head to the witness failed", e);
    } finally {
      target.release();
    }
  }
}
