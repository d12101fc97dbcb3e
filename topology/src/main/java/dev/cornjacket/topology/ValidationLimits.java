package dev.cornjacket.topology;

import java.time.Duration;
import java.util.Objects;

/**
 * The configurable limits of {@link EventValidator}.
 *
 * @param maxMetrics most entries in {@code metrics}
 * @param maxAttrs most entries in {@code attrs}
 * @param maxEventBytes most bytes of one event (as received, or serialized compactly when
 *     validating a parsed node)
 * @param maxIdLength most characters (Unicode code points) of {@code event_id}, {@code device_id}
 *     and of metric and attribute names
 * @param maxFutureSkew how far {@code ts} may be ahead of the server clock
 * @param maxAge how far {@code ts} may be behind the server clock (the raw topic's retention)
 */
public record ValidationLimits(
    int maxMetrics,
    int maxAttrs,
    int maxEventBytes,
    int maxIdLength,
    Duration maxFutureSkew,
    Duration maxAge) {

  /** The limits of the event contract in DESIGN.md. */
  public static final ValidationLimits DEFAULTS =
      new ValidationLimits(64, 64, 16 * 1024, 128, Duration.ofHours(24), Duration.ofHours(24));

  /**
   * How far ahead of the broker's clock the topics must accept record timestamps ({@code
   * message.timestamp.after.max.ms}): the topology writes records with the event's {@code ts},
   * which may be {@link #maxFutureSkew} ahead, plus an hour for clocks that disagree. Kafka's
   * default is one hour; with it, one valid event a few hours ahead failed every transaction of its
   * task, again and again, and nothing more was processed.
   */
  public Duration topicTimestampAfterMax() {
    return maxFutureSkew.plusHours(1);
  }

  /**
   * Most characters (Unicode code points) of one {@code attrs} value. Fixed rather than
   * configurable: it bounds what sinks and dashboards must store and show per value, and 1024 fits
   * firmware versions, locations and short descriptions; {@link #maxEventBytes} still bounds the
   * total.
   */
  public static final int MAX_ATTR_VALUE_LENGTH = 1024;

  public ValidationLimits {
    requirePositive(maxMetrics, "maxMetrics");
    requirePositive(maxAttrs, "maxAttrs");
    requirePositive(maxEventBytes, "maxEventBytes");
    requirePositive(maxIdLength, "maxIdLength");
    requireNotNegative(maxFutureSkew, "maxFutureSkew");
    requireNotNegative(maxAge, "maxAge");
  }

  private static void requirePositive(int value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static void requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  /** The same limits with another maximum age, usually the raw topic's retention. */
  public ValidationLimits withMaxAge(Duration newMaxAge) {
    return new ValidationLimits(
        maxMetrics, maxAttrs, maxEventBytes, maxIdLength, maxFutureSkew, newMaxAge);
  }
}
