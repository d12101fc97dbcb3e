package dev.cornjacket.sinks.webhook;

import dev.cornjacket.config.Rate;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One webhook receiver.
 *
 * @param name unique among the endpoints; used in rules, metrics, dead letters and {@code
 *     webhook_deliveries}
 * @param url where alerts are posted
 * @param secret signs each body with HMAC-SHA256 ({@code X-Cornjacket-Signature}); empty means
 *     unsigned. Masked in {@link #toString()}.
 * @param timeout of one call
 * @param rateLimit this endpoint's own limit, on top of the global one
 */
public record WebhookEndpoint(
    String name, URI url, Optional<String> secret, Duration timeout, Optional<Rate> rateLimit) {

  public WebhookEndpoint {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(rateLimit, "rateLimit");
    if (timeout.toMillis() < 1) {
      throw new IllegalArgumentException("timeout must be at least 1 ms, got " + timeout);
    }
  }

  @Override
  public String toString() {
    return "WebhookEndpoint[name="
        + name
        + ", url="
        + url
        + ", secret="
        + (secret.isPresent() ? "****" : "(none)")
        + ", timeout="
        + timeout
        + ", rateLimit="
        + rateLimit.map(Rate::toString).orElse("(global only)")
        + "]";
  }
}
