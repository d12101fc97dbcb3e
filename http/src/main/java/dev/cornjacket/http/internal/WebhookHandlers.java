package dev.cornjacket.http.internal;

import dev.cornjacket.http.ops.WebhookStatus;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /api/v1/ops/webhooks}: endpoints with circuit state, rate-limit state and recent
 * deliveries. Without a dispatcher on this instance (role {@code actions} absent, starting, or no
 * endpoint configured) it answers 503.
 */
public final class WebhookHandlers {

  private final AtomicReference<WebhookStatus> status = new AtomicReference<>();

  public void attach(WebhookStatus webhookStatus) {
    status.set(webhookStatus);
  }

  public void list(Context ctx) {
    WebhookStatus source = status.get();
    if (source == null) {
      throw new ApiException(
          503,
          "webhooks_unavailable",
          "this instance runs no webhook dispatcher (role actions not here, starting, or no"
              + " endpoint configured)",
          List.of(),
          Map.of("Retry-After", "1"));
    }
    List<Map<String, Object>> endpoints =
        source.endpoints().stream().map(WebhookHandlers::json).toList();
    ctx.json(Map.of("endpoints", endpoints));
  }

  private static Map<String, Object> json(WebhookStatus.Endpoint e) {
    Map<String, Object> rate = new LinkedHashMap<>();
    rate.put("available_permissions", e.availablePermissions());
    rate.put("global_available_permissions", e.globalAvailablePermissions());
    rate.put("queued", e.queued());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", e.name());
    out.put("url", e.url());
    out.put("circuit_state", e.circuitState());
    out.put("rate_limit", rate);
    out.put("delivered", e.delivered());
    out.put("dead_lettered", e.deadLettered());
    out.put(
        "recent",
        e.recent().stream()
            .map(
                d -> {
                  Map<String, Object> row = new LinkedHashMap<>();
                  row.put("alert_id", d.alertId());
                  row.put("attempt", d.attempt());
                  row.put("status", d.status());
                  row.put("http_status", d.httpStatus());
                  row.put("latency_ms", d.latencyMs());
                  row.put("error", d.error());
                  row.put("attempted_at", d.attemptedAt().toString());
                  return row;
                })
            .toList());
    return out;
  }
}
