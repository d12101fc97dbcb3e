package dev.cornjacket.mqtt.internal;

/** The broker answered the bridge's SUBSCRIBE with an error code (not authorized, unsupported). */
public final class SubscriptionRefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  SubscriptionRefusedException(String topicFilter, String codes) {
    super("the broker refused the subscription to " + topicFilter + ": " + codes);
  }
}
