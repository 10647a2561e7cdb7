package io.paramant.relay.sectors;

import io.paramant.accounts.SectorList;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The sector relays of this deployment ({@code paramant.sectors}, read by the one sector list rule,
 * {@link SectorList} in the accounts module) and whether they answer. The list is read and checked
 * at start-up: a malformed one fails the deployment. Without it, the deployment is this relay
 * alone, its URL unknown ({@code null}).
 *
 * <p>Peers are probed on {@code GET /health} in parallel, each within 2 seconds, and the results
 * are shared for 5 seconds ({@link PeerProbes}); this relay itself is not probed.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Sectors {

  static final Duration MAX_AGE = Duration.ofSeconds(5);

  private static final System.Logger LOG = System.getLogger(Sectors.class.getName());

  @Inject
  @ConfigProperty(name = "paramant.sector")
  String sector;

  @Inject
  @ConfigProperty(name = "paramant.sectors")
  Optional<String> sectors;

  private List<Sector> list;
  private PeerProbes probes;
  private ExecutorService probeThreads;

  @PostConstruct
  void start() {
    if (sectors.isEmpty() || sectors.get().isBlank()) {
      list = List.of(new Sector(sector, null));
      LOG.log(
          Level.INFO,
          "paramant.sectors (PARAMANT_SECTORS) is not set: GET /v2/relays lists this relay ({0})"
              + " only",
          sector);
    } else {
      try {
        list =
            SectorList.parse(sectors.get(), sector).stream()
                .map(s -> new Sector(s.name(), s.url()))
                .toList();
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException(e.getMessage(), e);
      }
      LOG.log(
          Level.INFO,
          "Sectors of this deployment: {0} (this relay: {1})",
          list.stream().map(s -> s.name() + "=" + s.url()).collect(Collectors.joining(", ")),
          sector);
    }
    probeThreads = Executors.newCachedThreadPool(daemonThreads());
    HealthProbe probe = new HealthProbe(HealthProbe.httpClient(probeThreads), System::nanoTime);
    probes =
        new PeerProbes(
            list.stream().filter(s -> !s.name().equals(sector)).toList(),
            probe,
            System::nanoTime,
            MAX_AGE.toNanos(),
            HealthProbe.TIMEOUT.toMillis() + 1_000);
  }

  @PreDestroy
  void stop() {
    if (probeThreads != null) {
      probeThreads.shutdownNow();
    }
  }

  /**
   * Every sector in the configured order, this relay with {@code selfVersion} and {@code
   * selfEdition}.
   */
  public List<RelayNode> relays(String selfVersion, String selfEdition) {
    Map<String, Probe> results = probes.results();
    List<RelayNode> nodes = new ArrayList<>(list.size());
    for (Sector s : list) {
      if (s.name().equals(sector)) {
        nodes.add(new RelayNode(s.name(), s.url(), true, true, selfVersion, selfEdition, null));
      } else {
        Probe p = results.getOrDefault(s.name(), Probe.DOWN);
        nodes.add(
            new RelayNode(
                s.name(), s.url(), false, p.up(), p.version(), p.edition(), p.latencyMs()));
      }
    }
    return nodes;
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return task -> {
      Thread t = new Thread(task, "paramant-sector-probe-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
