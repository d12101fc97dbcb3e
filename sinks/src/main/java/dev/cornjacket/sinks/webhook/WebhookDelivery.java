package dev.cornjacket.sinks.webhook;

import java.time.Instant;

/**
 * One delivery attempt, or the dead letter after the last one: a row of {@code webhook_deliveries}.
 *
 * @param status {@value #DELIVERED}, {@value #FAILED} (will be retried), {@value #REJECTED} (4xx,
 *     not retried), {@value #TIMEOUT}, {@value #CIRCUIT_OPEN} (not called) or {@value
 *     #DEAD_LETTERED}
 * @param httpStatus the response status, {@code null} when there was none
 * @param latencyMs how long the call took, {@code null} when no call was made
 * @param error why it failed, {@code null} on success
 */
public record WebhookDelivery(
    String alertId,
    String endpoint,
    int attempt,
    String status,
    Integer httpStatus,
    Long latencyMs,
    String error,
    Instant attemptedAt) {

  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";
  public static final String REJECTED = "rejected";
  public static final String TIMEOUT = "timeout";
  public static final String CIRCUIT_OPEN = "circuit_open";
  public static final String DEAD_LETTERED = "dead_lettered";
}
