package dev.cornjacket.topology.projection;

import dev.cornjacket.topology.anomaly.Anomaly;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The latest state of one device: the value of the {@code device-latest} store and of {@code
 * cj.proj.device_latest} (a full snapshot per update; the last one wins).
 *
 * @param deviceId the device
 * @param lastTs the newest event time seen
 * @param lastEventId the id of the event with {@code lastTs}
 * @param updatedAt when this snapshot was made (stream time of the update)
 * @param metrics the latest reading of each metric
 * @param attrs the latest value of each attribute
 * @param counts events seen per type ({@code sensor}, {@code user_action}, {@code system})
 * @param lastAnomaly the latest anomaly of the device, {@code null} when none
 */
public record DeviceLatest(
    String deviceId,
    Instant lastTs,
    String lastEventId,
    Instant updatedAt,
    Map<String, MetricReading> metrics,
    Map<String, String> attrs,
    Map<String, Long> counts,
    Anomaly lastAnomaly) {

  /**
   * The latest reading of one metric.
   *
   * @param value the reading
   * @param ts when it was taken
   * @param score its anomaly score, {@code null} when it was not scored
   */
  public record MetricReading(double value, Instant ts, Double score) {
    public MetricReading {
      Objects.requireNonNull(ts, "ts");
    }
  }

  public DeviceLatest {
    Objects.requireNonNull(deviceId, "deviceId");
    metrics = unmodifiable(metrics);
    attrs = unmodifiable(attrs);
    counts = unmodifiable(counts);
  }

  private static <V> Map<String, V> unmodifiable(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
