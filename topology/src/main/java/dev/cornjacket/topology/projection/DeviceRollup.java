package dev.cornjacket.topology.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * All metrics of one device over one tumbling window: the value of the {@code device-rollup-1m}
 * store and of {@code cj.proj.rollups_1m}. One record per device and window (rather than one per
 * metric) so that an event costs one store write, one changelog record and one output record
 * however many metrics it carries. Immutable; {@link #add} returns the window with one more event's
 * readings.
 *
 * <p>It holds the metrics seen in its window only, so at most the distinct metric names of the
 * device's events of that window (an event has at most {@code ValidationLimits#maxMetrics}).
 *
 * @param deviceId the device
 * @param windowStart inclusive start of the window
 * @param windowEnd exclusive end of the window
 * @param metrics each metric's readings in the window, by metric name in name order
 */
public record DeviceRollup(
    String deviceId,
    Instant windowStart,
    Instant windowEnd,
    SortedMap<String, MetricRollup> metrics) {

  public DeviceRollup {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(metrics, "metrics");
    metrics = Collections.unmodifiableSortedMap(new TreeMap<>(metrics));
  }

  /** A window without readings. */
  public static DeviceRollup empty(String deviceId, Instant start, Duration size) {
    return new DeviceRollup(deviceId, start, start.plus(size), new TreeMap<>());
  }

  /** This window with one more reading of each metric in {@code readings}. */
  public DeviceRollup add(Map<String, Double> readings) {
    SortedMap<String, MetricRollup> updated = new TreeMap<>(metrics);
    for (Map.Entry<String, Double> reading : readings.entrySet()) {
      updated.put(
          reading.getKey(),
          updated.getOrDefault(reading.getKey(), MetricRollup.EMPTY).add(reading.getValue()));
    }
    return new DeviceRollup(deviceId, windowStart, windowEnd, updated);
  }

  /** The window of {@code metric}, empty when it had no reading in this window. */
  public Optional<Rollup> rollup(String metric) {
    MetricRollup readings = metrics.get(metric);
    return readings == null ? Optional.empty() : Optional.of(rollupOf(metric, readings));
  }

  /** The window of each metric, in metric name order. */
  public List<Rollup> rollups() {
    List<Rollup> rollups = new ArrayList<>(metrics.size());
    metrics.forEach((metric, readings) -> rollups.add(rollupOf(metric, readings)));
    return rollups;
  }

  private Rollup rollupOf(String metric, MetricRollup readings) {
    return Rollup.of(deviceId, metric, windowStart, windowEnd, readings);
  }
}
