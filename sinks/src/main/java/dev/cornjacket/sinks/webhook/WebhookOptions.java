package dev.cornjacket.sinks.webhook;

import dev.cornjacket.config.ActionsSettings;
import dev.cornjacket.config.Rate;
import dev.cornjacket.topology.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link WebhookDispatcher} needs.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param topics where alerts are read and dead letters written
 * @param groupId the dispatcher's consumer group
 * @param rules the endpoints and routing rules
 * @param globalRate the limit of calls over all endpoints
 * @param retries retries after the first attempt
 * @param backoff wait before the first retry; doubled for each further one, with 20% jitter
 * @param queue deliveries that may wait per endpoint before the dispatcher pauses reading
 * @param circuitOpenFor how long an endpoint's circuit stays open before it half-opens
 */
public record WebhookOptions(
    String bootstrap,
    Topics topics,
    String groupId,
    WebhookRules rules,
    Rate globalRate,
    int retries,
    Duration backoff,
    int queue,
    Duration circuitOpenFor) {

  /** How long a circuit stays open by default. */
  public static final Duration DEFAULT_CIRCUIT_OPEN_FOR = Duration.ofSeconds(30);

  public WebhookOptions {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(globalRate, "globalRate");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(circuitOpenFor, "circuitOpenFor");
    if (retries < 0 || queue < 1 || backoff.toMillis() < 1) {
      throw new IllegalArgumentException(
          "retries must not be negative, queue and backoff must be positive, got "
              + retries
              + ", "
              + queue
              + ", "
              + backoff);
    }
  }

  /** The options of the actions settings. */
  public static WebhookOptions of(
      String bootstrap, Topics topics, String groupId, WebhookRules rules, ActionsSettings s) {
    return new WebhookOptions(
        bootstrap,
        topics,
        groupId,
        rules,
        s.rateLimit(),
        s.retries(),
        s.backoff(),
        s.queue(),
        DEFAULT_CIRCUIT_OPEN_FOR);
  }

  public WebhookOptions withRules(WebhookRules newRules) {
    return new WebhookOptions(
        bootstrap, topics, groupId, newRules, globalRate, retries, backoff, queue, circuitOpenFor);
  }

  public WebhookOptions withGlobalRate(Rate rate) {
    return new WebhookOptions(
        bootstrap, topics, groupId, rules, rate, retries, backoff, queue, circuitOpenFor);
  }

  public WebhookOptions withRetries(int newRetries, Duration newBackoff) {
    return new WebhookOptions(
        bootstrap,
        topics,
        groupId,
        rules,
        globalRate,
        newRetries,
        newBackoff,
        queue,
        circuitOpenFor);
  }

  public WebhookOptions withCircuitOpenFor(Duration openFor) {
    return new WebhookOptions(
        bootstrap, topics, groupId, rules, globalRate, retries, backoff, queue, openFor);
  }
}
