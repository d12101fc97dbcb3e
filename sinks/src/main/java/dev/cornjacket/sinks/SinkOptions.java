package dev.cornjacket.sinks;

import dev.cornjacket.topology.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link PostgresSink} consumes and retries.
 *
 * @param bootstrap Kafka bootstrap servers
 * @param topics the topic registry: the sink reads the event, anomaly and projection topics and
 *     writes dead letters to {@link Topics#deadLetters()}
 * @param groupId the consumer group; also the key of the group's rows in {@code sink_offsets}
 * @param batchSize most records polled and written in one transaction
 * @param pollTimeout longest wait of one poll
 * @param maxAttempts attempts per round of retries of a batch after transient failures; after the
 *     last one the sink logs an error and starts a new round (it never gives up on its own)
 * @param initialBackoff wait after the first failed attempt; doubles after each further one
 * @param maxBackoff the cap of the wait
 * @param groupInstanceId static group membership: a restarted instance with the same id gets its
 *     partitions back at once instead of after the session timeout
 * @param sessionTimeout the consumer's session timeout; empty keeps Kafka's default
 */
public record SinkOptions(
    String bootstrap,
    Topics topics,
    String groupId,
    int batchSize,
    Duration pollTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    Optional<String> groupInstanceId,
    Optional<Duration> sessionTimeout) {

  public SinkOptions {
    Objects.requireNonNull(bootstrap, "bootstrap");
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(pollTimeout, "pollTimeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(groupInstanceId, "groupInstanceId");
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    if (groupId.isBlank()) {
      throw new IllegalArgumentException("groupId must not be blank");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 <= initialBackoff <= maxBackoff, got "
              + initialBackoff
              + " and "
              + maxBackoff);
    }
  }

  /**
   * The defaults: polls of at most 500 ms, 10 attempts per round waiting 0.5 s, 1 s, 2 s, ... up to
   * 10 s between them (about a minute in all), dynamic group membership.
   */
  public static SinkOptions of(String bootstrap, Topics topics, String groupId, int batchSize) {
    return new SinkOptions(
        bootstrap,
        topics,
        groupId,
        batchSize,
        Duration.ofMillis(500),
        10,
        Duration.ofMillis(500),
        Duration.ofSeconds(10),
        Optional.empty(),
        Optional.empty());
  }

  /** The same options with another retry policy. */
  public SinkOptions withRetry(int attempts, Duration initial, Duration max) {
    return new SinkOptions(
        bootstrap,
        topics,
        groupId,
        batchSize,
        pollTimeout,
        attempts,
        initial,
        max,
        groupInstanceId,
        sessionTimeout);
  }

  /** The same options with static group membership. */
  public SinkOptions withStaticMembership(String instanceId, Duration timeout) {
    return new SinkOptions(
        bootstrap,
        topics,
        groupId,
        batchSize,
        pollTimeout,
        maxAttempts,
        initialBackoff,
        maxBackoff,
        Optional.of(instanceId),
        Optional.of(timeout));
  }

  /** The wait after failed attempt {@code attempt} (1-based): doubling, capped. */
  public Duration backoff(int attempt) {
    Duration delay = initialBackoff;
    for (int i = 1; i < attempt && delay.compareTo(maxBackoff) < 0; i++) {
      delay = delay.multipliedBy(2);
    }
    return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
  }
}
