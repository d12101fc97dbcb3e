package dev.cornjacket.app.internal;

import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.http.Health;
import dev.cornjacket.http.HealthCheck;
import dev.cornjacket.http.ops.WebhookStatus;
import dev.cornjacket.sinks.PostgresStore;
import dev.cornjacket.sinks.webhook.EndpointStatus;
import dev.cornjacket.sinks.webhook.WebhookDispatcher;
import dev.cornjacket.sinks.webhook.WebhookOptions;
import dev.cornjacket.sinks.webhook.WebhookRules;
import dev.cornjacket.topology.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * The actions role: the webhook dispatcher, which posts alerts of {@code cj.alerts} to the
 * configured endpoints and records every attempt in PostgreSQL ({@code webhook_deliveries}).
 */
public final class ActionsRole implements AutoCloseable {

  private final PostgresStore store;
  private final WebhookDispatcher dispatcher;

  private ActionsRole(PostgresStore store, WebhookDispatcher dispatcher) {
    this.store = store;
    this.dispatcher = dispatcher;
  }

  /**
   * Validates the webhook rules, opens the database (migrating it) and starts the dispatcher.
   *
   * @throws dev.cornjacket.sinks.webhook.WebhookConfigException naming every bad field of the rules
   *     file
   */
  public static ActionsRole start(CornjacketConfig config, Topics topics, MeterRegistry registry) {
    WebhookRules rules = WebhookRules.of(config.actions());
    String bootstrap =
        config
            .kafka()
            .bootstrap()
            .orElseThrow(() -> new IllegalArgumentException("kafka.bootstrap is unset"));
    PostgresStore store = PostgresStore.open(config.postgres());
    try {
      WebhookOptions options =
          WebhookOptions.of(bootstrap, topics, groupId(config), rules, config.actions());
      return new ActionsRole(store, WebhookDispatcher.start(options, store.dataSource(), registry));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The dispatcher's consumer group. */
  static String groupId(CornjacketConfig config) {
    return config.streams().applicationId() + "-webhooks";
  }

  /** {@code actions} in {@code /health/ready}: down once an error stopped the dispatcher. */
  public HealthCheck health() {
    return new HealthCheck() {
      @Override
      public String name() {
        return "actions";
      }

      @Override
      public Health check() {
        return dispatcher
            .failure()
            .map(reason -> Health.down("the webhook dispatcher stopped: " + reason))
            .orElseGet(() -> Health.up(Map.of("endpoints", dispatcher.status().size())));
      }
    };
  }

  /** The endpoints for {@code GET /api/v1/ops/webhooks}. */
  public WebhookStatus status() {
    return () -> dispatcher.status().stream().map(ActionsRole::view).toList();
  }

  private static WebhookStatus.Endpoint view(EndpointStatus s) {
    List<WebhookStatus.Delivery> recent =
        s.recent().stream()
            .map(
                d ->
                    new WebhookStatus.Delivery(
                        d.alertId(),
                        d.attempt(),
                        d.status(),
                        d.httpStatus(),
                        d.latencyMs(),
                        d.error(),
                        d.attemptedAt()))
            .toList();
    return new WebhookStatus.Endpoint(
        s.name(),
        s.url(),
        s.circuitState(),
        s.availablePermissions(),
        s.globalAvailablePermissions(),
        s.queued(),
        s.delivered(),
        s.deadLettered(),
        recent);
  }

  @Override
  public void close() {
    try {
      dispatcher.close();
    } finally {
      store.close();
    }
  }
}
