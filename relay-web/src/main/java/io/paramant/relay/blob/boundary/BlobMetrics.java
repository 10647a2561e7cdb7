package io.paramant.relay.blob.boundary;

import io.paramant.relay.blob.BlobEvent;
import io.paramant.relay.blob.BlobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;

/**
 * The blob store's figures for Prometheus ({@code /metrics}, application scope), kept current by
 * the store's events so that the store itself knows nothing of metrics.
 */
@ApplicationScoped
public class BlobMetrics {

  @Inject MetricRegistry registry;
  @Inject BlobStore store;

  private Counter bytesIn;
  private Counter bytesOut;
  private Counter stored;
  private Counter burned;
  private Counter expired;
  private Counter rejected;
  private Counter overQuota;

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    registry.gauge(
        meta(
            "paramant_blobs_in_flight",
            "Blobs stored and not yet burned or expired",
            MetricUnits.NONE),
        store,
        BlobStore::blobsInFlight);
    registry.gauge(
        meta("paramant_blob_capacity", "Blobs this relay can hold at once", MetricUnits.NONE),
        store,
        BlobStore::capacity);
    registry.gauge(
        meta(
            "paramant_slabs_in_use",
            "Slabs held by stored blobs and uploads in progress",
            MetricUnits.NONE),
        store,
        BlobStore::slabsInUse);
    bytesIn = registry.counter(meta("paramant_bytes_in", "Blob bytes accepted", MetricUnits.BYTES));
    bytesOut =
        registry.counter(meta("paramant_bytes_out", "Blob bytes delivered", MetricUnits.BYTES));
    stored = registry.counter(meta("paramant_blobs_stored", "Blobs accepted", MetricUnits.NONE));
    burned =
        registry.counter(
            meta("paramant_blobs_burned", "Blobs delivered once and shredded", MetricUnits.NONE));
    expired =
        registry.counter(
            meta(
                "paramant_blobs_expired",
                "Blobs shredded at their TTL without delivery",
                MetricUnits.NONE));
    rejected =
        registry.counter(
            meta(
                "paramant_uploads_rejected_capacity",
                "Uploads refused because the relay was full",
                MetricUnits.NONE));
    overQuota =
        registry.counter(
            meta(
                "paramant_uploads_rejected_quota",
                "Uploads refused because the account held its plan's quota of blob slots",
                MetricUnits.NONE));
  }

  void on(@Observes BlobEvent event) {
    if (bytesIn == null) {
      return; // an event before start-up completed (cannot happen once the application is
      // initialised)
    }
    if (event instanceof BlobEvent.Stored s) {
      stored.inc();
      bytesIn.inc(s.size());
    } else if (event instanceof BlobEvent.Burned b) {
      burned.inc();
      bytesOut.inc(b.size());
    } else if (event instanceof BlobEvent.Expired) {
      expired.inc();
    } else if (event instanceof BlobEvent.RejectedAtCapacity) {
      rejected.inc();
    } else if (event instanceof BlobEvent.RejectedOverQuota) {
      overQuota.inc();
    }
  }

  private static Metadata meta(String name, String description, String unit) {
    return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
  }
}
