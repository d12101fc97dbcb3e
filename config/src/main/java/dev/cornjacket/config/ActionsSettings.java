package dev.cornjacket.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Alerts and the webhook dispatcher (role {@code actions}).
 *
 * @param alertWindow repeats of an alert (same device and alert type) are suppressed this long
 * @param webhooksFile the endpoints and rules (JSON or YAML); empty means none, or the one endpoint
 *     of {@code webhookUrl}
 * @param webhookUrl a single endpoint that receives every alert, without a rules file
 * @param webhookSecret the HMAC-SHA256 signing secret of {@code webhookUrl}
 * @param rateLimit the global limit of webhook calls
 * @param timeout per call, unless an endpoint sets its own
 * @param backoff the wait before the first retry; each further retry waits twice as long (with
 *     jitter)
 * @param retries retries after the first attempt before the alert goes to the dead letters
 * @param queue alerts that may wait per endpoint before the dispatcher stops reading
 */
public record ActionsSettings(
    Duration alertWindow,
    Optional<Path> webhooksFile,
    Optional<URI> webhookUrl,
    Optional<Secret> webhookSecret,
    Rate rateLimit,
    Duration timeout,
    Duration backoff,
    int retries,
    int queue) {

  public static final Setting<Duration> ALERT_WINDOW =
      Setting.of(
          "CORNJACKET_ALERTS_DEDUP_WINDOW",
          ValueType.duration(),
          "5m",
          "Repeats of an alert (same device and alert type) are suppressed this long");
  public static final Setting<Path> WEBHOOKS_FILE =
      Setting.of(
          "CORNJACKET_WEBHOOKS_FILE",
          ValueType.path(),
          null,
          "JSON or YAML file of webhook endpoints and the rules that route alerts to them");
  public static final Setting<URI> WEBHOOK_URL =
      Setting.of(
          "CORNJACKET_WEBHOOK_URL",
          httpUrl(),
          null,
          "One webhook endpoint that receives every alert (instead of a rules file)");
  public static final Setting<Secret> WEBHOOK_SECRET =
      Setting.secret(
          "CORNJACKET_WEBHOOK_SECRET",
          Secret.type(),
          "HMAC-SHA256 secret that signs the calls to CORNJACKET_WEBHOOK_URL");
  public static final Setting<Rate> RATE_LIMIT =
      Setting.of(
          "CORNJACKET_WEBHOOKS_RATE_LIMIT",
          Rate.type(),
          "10/min",
          "Global limit of webhook calls (e.g. 10/min, 5/s); over it alerts wait, never dropped");
  public static final Setting<Duration> TIMEOUT =
      Setting.of(
          "CORNJACKET_WEBHOOKS_TIMEOUT",
          ValueType.duration(),
          "30s",
          "Timeout of one webhook call, unless the endpoint sets its own");
  public static final Setting<Duration> BACKOFF =
      Setting.of(
          "CORNJACKET_WEBHOOKS_BACKOFF",
          ValueType.duration(),
          "1s",
          "Wait before the first retry of a webhook call; doubles for each retry, with jitter");
  public static final Setting<Integer> RETRIES =
      Setting.of(
          "CORNJACKET_WEBHOOKS_RETRIES",
          ValueType.intRange(0, 20),
          "5",
          "Retries of a failed webhook call before the alert goes to the dead letters");
  public static final Setting<Integer> QUEUE =
      Setting.of(
          "CORNJACKET_WEBHOOKS_QUEUE",
          ValueType.intRange(1, 1_000_000),
          "1000",
          "Alerts that may wait per endpoint; when full, the dispatcher stops reading until room");

  static final List<Setting<?>> SETTINGS =
      List.of(
          ALERT_WINDOW,
          WEBHOOKS_FILE,
          WEBHOOK_URL,
          WEBHOOK_SECRET,
          RATE_LIMIT,
          TIMEOUT,
          BACKOFF,
          RETRIES,
          QUEUE);

  /** Whether any endpoint is configured (a rules file or a single URL). */
  public boolean hasEndpoints() {
    return webhooksFile.isPresent() || webhookUrl.isPresent();
  }

  /** The same settings with a single endpoint {@code url}, signed with {@code secret}. */
  public ActionsSettings withWebhook(URI url, Optional<Secret> secret) {
    return new ActionsSettings(
        alertWindow,
        webhooksFile,
        Optional.of(url),
        secret,
        rateLimit,
        timeout,
        backoff,
        retries,
        queue);
  }

  static ActionsSettings read(SettingsReader r) {
    Duration window = r.get(ALERT_WINDOW);
    if (window != null && window.toMillis() < 1) {
      r.problem(ALERT_WINDOW.env() + ": must be at least 1ms");
    }
    Optional<Path> file = r.optional(WEBHOOKS_FILE);
    Optional<URI> url = r.optional(WEBHOOK_URL);
    Optional<Secret> secret = r.optional(WEBHOOK_SECRET);
    if (file.isPresent() && url.isPresent()) {
      r.problem(WEBHOOK_URL.env() + ": set either it or " + WEBHOOKS_FILE.env() + ", not both");
    }
    if (secret.isPresent() && url.isEmpty()) {
      r.problem(WEBHOOK_SECRET.env() + ": is set but " + WEBHOOK_URL.env() + " is not");
    }
    Duration timeout = r.get(TIMEOUT);
    if (timeout != null && timeout.toMillis() < 1) {
      r.problem(TIMEOUT.env() + ": must be at least 1ms");
    }
    Duration backoff = r.get(BACKOFF);
    if (backoff != null && backoff.toMillis() < 1) {
      r.problem(BACKOFF.env() + ": must be at least 1ms");
    }
    Integer retries = r.get(RETRIES);
    Integer queue = r.get(QUEUE);
    return new ActionsSettings(
        window,
        file,
        url,
        secret,
        r.get(RATE_LIMIT),
        timeout,
        backoff,
        retries == null ? 0 : retries,
        queue == null ? 1 : queue);
  }

  /** An absolute http or https URL with a host. */
  static ValueType<URI> httpUrl() {
    return new ValueType<>(
        "URL (http|https)",
        raw -> {
          try {
            URI uri = new URI(raw);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
              throw new IllegalArgumentException("is not an http or https URL");
            }
            if (uri.getHost() == null) {
              throw new IllegalArgumentException("needs a host, e.g. http://localhost:9000/hook");
            }
            return uri;
          } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL", e);
          }
        });
  }
}
