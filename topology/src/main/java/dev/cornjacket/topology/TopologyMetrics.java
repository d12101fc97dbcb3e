package dev.cornjacket.topology;

/**
 * Counters per outcome of the topology, behind a small interface so that {@code topology/} needs no
 * metrics library: the application adapts it to Micrometer, the replay tool and tests use {@link
 * CountingTopologyMetrics}.
 *
 * <p>Every record of the raw topic ends in exactly one of: validated (then routed, or dropped as a
 * duplicate) or dead-lettered. So {@code routed = validated - duplicates}. The exception handlers
 * count what they dead-letter too. Implementations are called from stream threads and must be
 * thread-safe and fast; they must not throw.
 */
public interface TopologyMetrics {

  /** An event of {@code type} passed validation (it may still turn out to be a duplicate). */
  void validated(EventType type);

  /** A valid event was dropped because its {@code (device_id, event_id)} was seen in the window. */
  void duplicate();

  /**
   * A record went to the dead-letter topic.
   *
   * @param stage the {@link DeadLetters#STAGE} header, for example {@code validate}
   * @param reason the {@link DeadLetters#REASON} header, for example {@code missing_field}
   */
  void deadLettered(String stage, String reason);

  /**
   * A sensor event came after its rollup window had closed (window end plus grace before the stream
   * time); its readings were left out of the rollups.
   *
   * @param readings the event's metrics
   */
  void lateReadingDropped(int readings);

  /** An anomaly was not kept in the recent-anomalies store: its device already had the maximum. */
  void anomalyNotKept();

  /** Metrics that count nothing. */
  /** One reading scored over the threshold, emitted as an anomaly. */
  default void anomalyDetected() {}

  static TopologyMetrics noop() {
    return NoopTopologyMetrics.INSTANCE;
  }

  /** An anomaly raised a new alert. */
  default void alertRaised() {}

  /** An anomaly was suppressed: an alert of its device and type is open. */
  default void alertSuppressed() {}
}
