package io.paramant.relay.delivery.boundary;

import io.paramant.relay.delivery.DeliveryEvent;
import io.paramant.relay.delivery.Webhooks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Delivery figures for Prometheus ({@code /metrics}, application scope), relay-wide and for the
 * operator only: confirmations, webhook events by outcome, registrations held.
 */
@ApplicationScoped
public class DeliveryMetrics {

  @Inject MetricRegistry registry;
  @Inject Webhooks webhooks;

  private Counter acks;
  private final Map<DeliveryEvent.Outcome, Counter> webhookOutcomes =
      new EnumMap<>(DeliveryEvent.Outcome.class);

  void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
    acks =
        registry.counter(
            meta(
                "paramant_acks",
                "Deliveries confirmed by their receivers (POST /v2/ack)",
                MetricUnits.NONE));
    Metadata outcomes =
        meta(
            "paramant_webhook_deliveries",
            "Webhook events by how they ended: delivered (2xx), failed (after every retry),"
                + " refused (the target resolved to a refused address at delivery time)",
            MetricUnits.NONE);
    for (DeliveryEvent.Outcome outcome : DeliveryEvent.Outcome.values()) {
      webhookOutcomes.put(
          outcome, registry.counter(outcomes, new Tag("outcome", outcome.wireName())));
    }
    registry.gauge(
        meta(
            "paramant_webhooks_registered",
            "Webhook registrations held in memory",
            MetricUnits.NONE),
        webhooks,
        Webhooks::registrations);
  }

  void on(@Observes DeliveryEvent event) {
    if (acks == null) {
      return; // before start-up completed
    }
    if (event instanceof DeliveryEvent.Acked) {
      acks.inc();
    } else if (event instanceof DeliveryEvent.WebhookFinished finished) {
      webhookOutcomes.get(finished.outcome()).inc();
    }
  }

  private static Metadata meta(String name, String description, String unit) {
    return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
  }
}
