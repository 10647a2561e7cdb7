package io.paramant.relay.delivery;

import io.paramant.relay.RelayException;

/** A delivery confirmation, statistics query or webhook registration that cannot be served. */
public class DeliveryException extends RelayException {

  private static final long serialVersionUID = 1L;

  private DeliveryException(Kind kind, String code, String detail) {
    super(kind, code, detail);
  }

  static DeliveryException notFound() {
    return new DeliveryException(
        Kind.NOT_FOUND,
        "not_found",
        "This relay knows no recent blob with that hash that this key may read.");
  }

  static DeliveryException alreadyAcked() {
    return new DeliveryException(
        Kind.CONFLICT, "already_acked", "The delivery of this blob was already confirmed.");
  }

  static DeliveryException notDelivered() {
    return new DeliveryException(
        Kind.CONFLICT,
        "not_delivered",
        "The blob has not been downloaded yet; confirm it after its download.");
  }

  static DeliveryException tooManyWebhooks(int limit) {
    return new DeliveryException(
        Kind.CONFLICT,
        "too_many_webhooks",
        "This account holds " + limit + " webhook registrations, the most allowed.");
  }

  static DeliveryException invalidCallbackUrl(String why) {
    return new DeliveryException(Kind.INVALID, "invalid_callback_url", "callback_url " + why);
  }

  static DeliveryException targetRefused(String why) {
    return new DeliveryException(
        Kind.INVALID, "webhook_target_refused", "callback_url is refused: " + why);
  }

  /** A request body larger than its route accepts. */
  public static DeliveryException bodyTooLarge(int limit) {
    return new DeliveryException(
        Kind.TOO_LARGE, "payload_too_large", "The request body exceeds " + limit + " bytes.");
  }
}
