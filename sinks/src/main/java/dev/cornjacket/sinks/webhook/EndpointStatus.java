package dev.cornjacket.sinks.webhook;

import java.util.List;

/**
 * An endpoint as the operator sees it.
 *
 * @param circuitState {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, ...
 * @param availablePermissions calls the endpoint's own rate limit allows now ({@code -1} without
 *     one)
 * @param globalAvailablePermissions calls the global rate limit allows now
 * @param queued deliveries waiting for this endpoint
 * @param recent the latest attempts, newest first
 */
public record EndpointStatus(
    String name,
    String url,
    String circuitState,
    int availablePermissions,
    int globalAvailablePermissions,
    int queued,
    long delivered,
    long deadLettered,
    List<WebhookDelivery> recent) {}
