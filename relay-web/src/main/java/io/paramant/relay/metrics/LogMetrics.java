package io.paramant.relay.metrics;

import io.paramant.ct.ejb.TransparencyLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * The sector's transparency log for Prometheus: {@code paramant_ct_log_size}, the size of the
 * latest signed tree head (what a client can verify). A scrape may thereby sign a new head, at most
 * once per {@code SectorLog.TREE_HEAD_INTERVAL_MILLIS}, as any {@code GET /v2/ct/sth} would.
 */
@ApplicationScoped
public class LogMetrics {

  @Inject MetricRegistry registry;
  @Inject TransparencyLog log;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    registry.gauge(
        Metadata.builder()
            .withName("paramant_ct_log_size")
            .withDescription("Leaves in the sector's transparency log (latest signed tree head)")
            .withUnit(MetricUnits.NONE)
            .build(),
        log,
        l -> l.sth().treeSize());
  }
}
