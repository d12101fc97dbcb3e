package dev.cornjacket.topology;

import dev.cornjacket.config.AnomalySettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the topology depends on: {@link CornjacketTopology#build} is a pure function of it.
 *
 * @param topics the topic registry (names and serdes)
 * @param limits the limits of the {@link EventValidator}; {@code ts} is checked against each
 *     envelope's {@code received_at}, not the clock
 * @param dedupWindow how long an event id is remembered: a second event with the same {@code
 *     (device_id, event_id)} arriving less than this after the first is dropped; also the retention
 *     of the {@value CornjacketTopology#DEDUP_STORE} store
 * @param metrics counters per outcome
 * @param stores where state stores keep their data: on disk (RocksDB, the default) or in memory
 *     (offline replay, where the test driver commits after every record)
 * @param anomaly the anomaly threshold and the probation of new metrics
 * @param projections windows, grace and retention of the projections
 * @param alertWindow alert de-duplication: after an alert of a {@code (device_id, alert_type)}, its
 *     repeats are suppressed for this long (reading time)
 */
public record TopologyConfig(
    Topics topics,
    ValidationLimits limits,
    Duration dedupWindow,
    TopologyMetrics metrics,
    StoreKind stores,
    AnomalySettings anomaly,
    ProjectionConfig projections,
    Duration alertWindow) {

  /**
   * Where state stores keep their data. Both are changelogged, except the anomaly model store in
   * memory: offline runs never restore it, and the test driver would keep every changelog record.
   */
  public enum StoreKind {
    PERSISTENT,
    IN_MEMORY
  }

  /** The default alert de-duplication window. */
  public static final Duration DEFAULT_ALERT_WINDOW = Duration.ofMinutes(5);

  /** A configuration with the {@link #DEFAULT_ALERT_WINDOW}. */
  public TopologyConfig(
      Topics topics,
      ValidationLimits limits,
      Duration dedupWindow,
      TopologyMetrics metrics,
      StoreKind stores,
      AnomalySettings anomaly,
      ProjectionConfig projections) {
    this(topics, limits, dedupWindow, metrics, stores, anomaly, projections, DEFAULT_ALERT_WINDOW);
  }

  /** A configuration with the default projections. */
  public TopologyConfig(
      Topics topics,
      ValidationLimits limits,
      Duration dedupWindow,
      TopologyMetrics metrics,
      StoreKind stores,
      AnomalySettings anomaly) {
    this(topics, limits, dedupWindow, metrics, stores, anomaly, ProjectionConfig.DEFAULTS);
  }

  /** A configuration with the default anomaly settings and projections. */
  public TopologyConfig(
      Topics topics,
      ValidationLimits limits,
      Duration dedupWindow,
      TopologyMetrics metrics,
      StoreKind stores) {
    this(topics, limits, dedupWindow, metrics, stores, AnomalySettings.DEFAULTS);
  }

  /** A configuration with persistent stores. */
  public TopologyConfig(
      Topics topics, ValidationLimits limits, Duration dedupWindow, TopologyMetrics metrics) {
    this(topics, limits, dedupWindow, metrics, StoreKind.PERSISTENT);
  }

  /** The default de-duplication window. */
  public static final Duration DEFAULT_DEDUP_WINDOW = Duration.ofMinutes(10);

  /**
   * @throws IllegalArgumentException when {@code dedupWindow} or {@code alertWindow} is not at
   *     least one millisecond
   */
  public TopologyConfig {
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(dedupWindow, "dedupWindow");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(stores, "stores");
    Objects.requireNonNull(anomaly, "anomaly");
    Objects.requireNonNull(projections, "projections");
    Objects.requireNonNull(alertWindow, "alertWindow");
    if (alertWindow.toMillis() < 1) {
      throw new IllegalArgumentException("alertWindow must be at least 1 ms, got " + alertWindow);
    }
    if (dedupWindow.toMillis() < 1) {
      throw new IllegalArgumentException("dedupWindow must be at least 1 ms, got " + dedupWindow);
    }
  }

  /**
   * {@code topics} with the contract's limits ({@link ValidationLimits#DEFAULTS}), a {@link
   * #DEFAULT_DEDUP_WINDOW} of 10 minutes and no metrics.
   */
  public static TopologyConfig defaults(Topics topics) {
    return new TopologyConfig(
        topics, ValidationLimits.DEFAULTS, DEFAULT_DEDUP_WINDOW, TopologyMetrics.noop());
  }

  public TopologyConfig withDedupWindow(Duration window) {
    return new TopologyConfig(
        topics, limits, window, metrics, stores, anomaly, projections, alertWindow);
  }

  public TopologyConfig withLimits(ValidationLimits newLimits) {
    return new TopologyConfig(
        topics, newLimits, dedupWindow, metrics, stores, anomaly, projections, alertWindow);
  }

  public TopologyConfig withMetrics(TopologyMetrics newMetrics) {
    return new TopologyConfig(
        topics, limits, dedupWindow, newMetrics, stores, anomaly, projections, alertWindow);
  }

  public TopologyConfig withStores(StoreKind newStores) {
    return new TopologyConfig(
        topics, limits, dedupWindow, metrics, newStores, anomaly, projections, alertWindow);
  }

  public TopologyConfig withAnomaly(AnomalySettings newAnomaly) {
    return new TopologyConfig(
        topics, limits, dedupWindow, metrics, stores, newAnomaly, projections, alertWindow);
  }

  public TopologyConfig withProjections(ProjectionConfig newProjections) {
    return new TopologyConfig(
        topics, limits, dedupWindow, metrics, stores, anomaly, newProjections, alertWindow);
  }

  public TopologyConfig withAlertWindow(Duration window) {
    return new TopologyConfig(
        topics, limits, dedupWindow, metrics, stores, anomaly, projections, window);
  }
}
