package dev.cornjacket.topology;

import dev.cornjacket.config.StreamsSettings.RollupEmit;
import java.time.Duration;
import java.util.Objects;

/**
 * The shape of the projections.
 *
 * @param rollupWindow size of the tumbling windows of {@value CornjacketTopology#ROLLUP_STORE}
 * @param rollupGrace how long after a window's end a late reading is still added to it
 * @param rollupRetention how long windows stay queryable
 * @param anomalyRetention how long anomalies stay in {@value CornjacketTopology#ANOMALIES_STORE}
 * @param maxAnomaliesPerDevice at most this many anomalies of one device are kept within the
 *     retention, so that one broken device cannot fill the store
 * @param rollupEmit when a window is forwarded to {@code cj.proj.rollups_1m}
 * @param latestInterval at most how often a device's snapshot is forwarded to {@code
 *     cj.proj.device_latest}; zero: after every event
 */
public record ProjectionConfig(
    Duration rollupWindow,
    Duration rollupGrace,
    Duration rollupRetention,
    Duration anomalyRetention,
    int maxAnomaliesPerDevice,
    RollupEmit rollupEmit,
    Duration latestInterval) {

  /**
   * One-minute windows, 5 minutes of grace, 24 hours of retention, 1,000 anomalies per device,
   * rollups forwarded when their window ends, device snapshots at most every 5 seconds.
   */
  public static final ProjectionConfig DEFAULTS =
      new ProjectionConfig(
          Duration.ofMinutes(1),
          Duration.ofMinutes(5),
          Duration.ofHours(24),
          Duration.ofHours(24),
          1000,
          RollupEmit.WINDOW_END,
          Duration.ofSeconds(5));

  /**
   * @throws IllegalArgumentException when a duration is not positive (grace may be zero), the
   *     retention is shorter than a window plus its grace, or the maximum is not positive
   */
  public ProjectionConfig {
    Objects.requireNonNull(rollupWindow, "rollupWindow");
    Objects.requireNonNull(rollupGrace, "rollupGrace");
    Objects.requireNonNull(rollupRetention, "rollupRetention");
    Objects.requireNonNull(anomalyRetention, "anomalyRetention");
    Objects.requireNonNull(rollupEmit, "rollupEmit");
    Objects.requireNonNull(latestInterval, "latestInterval");
    if (latestInterval.isNegative()) {
      throw new IllegalArgumentException(
          "latestInterval must not be negative, got " + latestInterval);
    }
    if (rollupWindow.toMillis() < 1 || rollupGrace.isNegative()) {
      throw new IllegalArgumentException(
          "rollupWindow must be at least 1 ms and rollupGrace not negative, got "
              + rollupWindow
              + " and "
              + rollupGrace);
    }
    if (rollupRetention.compareTo(rollupWindow.plus(rollupGrace)) < 0) {
      throw new IllegalArgumentException(
          "rollupRetention must cover a window plus its grace ("
              + rollupWindow.plus(rollupGrace)
              + "), got "
              + rollupRetention);
    }
    if (anomalyRetention.toMillis() < 1 || maxAnomaliesPerDevice < 1) {
      throw new IllegalArgumentException(
          "anomalyRetention and maxAnomaliesPerDevice must be positive, got "
              + anomalyRetention
              + " and "
              + maxAnomaliesPerDevice);
    }
  }

  public ProjectionConfig withRollupGrace(Duration grace) {
    return new ProjectionConfig(
        rollupWindow,
        grace,
        rollupRetention,
        anomalyRetention,
        maxAnomaliesPerDevice,
        rollupEmit,
        latestInterval);
  }

  public ProjectionConfig withRollupRetention(Duration retention) {
    return new ProjectionConfig(
        rollupWindow,
        rollupGrace,
        retention,
        anomalyRetention,
        maxAnomaliesPerDevice,
        rollupEmit,
        latestInterval);
  }

  public ProjectionConfig withRollupEmit(RollupEmit emit) {
    return new ProjectionConfig(
        rollupWindow,
        rollupGrace,
        rollupRetention,
        anomalyRetention,
        maxAnomaliesPerDevice,
        emit,
        latestInterval);
  }

  public ProjectionConfig withLatestInterval(Duration interval) {
    return new ProjectionConfig(
        rollupWindow,
        rollupGrace,
        rollupRetention,
        anomalyRetention,
        maxAnomaliesPerDevice,
        rollupEmit,
        interval);
  }

  /** Whether device snapshots are held back and forwarded at most every {@link #latestInterval}. */
  public boolean holdsLatestBack() {
    return !latestInterval.isZero();
  }
}
