package io.paramant.relay.delivery;

import io.paramant.relay.blob.Owner;
import java.util.Locale;

/**
 * What happens to deliveries, published as CDI events so that metrics and statistics follow them
 * without the delivery code knowing about either. Events carry hashes and account names only, never
 * keys, callback URLs or device ids.
 */
public sealed interface DeliveryEvent {

  /**
   * A blob was downloaded (burned). Published after the blob's delivery record was updated, so an
   * observer that asks {@link Deliveries#find} sees it as delivered.
   */
  record Retrieved(String hash, Owner owner, String device, long atMs) implements DeliveryEvent {}

  /** A receiver confirmed a delivery; its ack leaf is durable at {@code ctIndex}. */
  record Acked(String hash, Owner owner, long latencyMs, long ctIndex) implements DeliveryEvent {}

  /**
   * One webhook event, about the blob {@code hash}, reached its end: delivered, failed after its
   * retries, or refused.
   */
  record WebhookFinished(Owner registrant, String hash, Outcome outcome) implements DeliveryEvent {}

  /** How a webhook event ended. */
  enum Outcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** Every attempt failed (no answer, a timeout, or a status other than 2xx). */
    FAILED,
    /** The target resolved to a refused address at delivery time; nothing was sent. */
    REFUSED;

    /** The name used in metrics: {@code delivered}, {@code failed}, {@code refused}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
