package dev.cornjacket.http.ops;

import java.time.Instant;
import java.util.List;

/**
 * The webhook endpoints of this instance as operators see them, served as {@code GET
 * /api/v1/ops/webhooks}; the application plugs in the dispatcher of its {@code actions} role.
 */
public interface WebhookStatus {

  /** Every endpoint, in the order they are configured. */
  List<Endpoint> endpoints();

  /**
   * One endpoint.
   *
   * @param circuitState the circuit breaker: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}
   * @param availablePermissions calls its own rate limit allows now, {@code -1} without one
   * @param globalAvailablePermissions calls the global rate limit allows now
   * @param queued alerts waiting for it
   * @param recent its latest attempts, newest first
   */
  record Endpoint(
      String name,
      String url,
      String circuitState,
      int availablePermissions,
      int globalAvailablePermissions,
      int queued,
      long delivered,
      long deadLettered,
      List<Delivery> recent) {
    public Endpoint {
      recent = List.copyOf(recent);
    }
  }

  /** One delivery attempt (a row of {@code webhook_deliveries}). */
  record Delivery(
      String alertId,
      int attempt,
      String status,
      Integer httpStatus,
      Long latencyMs,
      String error,
      Instant attemptedAt) {}
}
