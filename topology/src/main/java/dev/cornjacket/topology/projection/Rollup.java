package dev.cornjacket.topology.projection;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Objects;

/**
 * One metric of one device over one tumbling window, as the query API answers it and as {@code
 * rollups_1m} stores it (one row each); {@link DeviceRollup#rollups()} makes them from the device's
 * window. Versions before the device-window record wrote this, one per metric and update, to {@code
 * cj.proj.rollups_1m}.
 *
 * @param deviceId the device
 * @param metric the metric's name
 * @param windowStart inclusive start of the window
 * @param windowEnd exclusive end of the window
 * @param count readings in the window
 * @param min smallest reading
 * @param max largest reading
 * @param sum sum of the readings
 */
public record Rollup(
    String deviceId,
    String metric,
    Instant windowStart,
    Instant windowEnd,
    long count,
    double min,
    double max,
    double sum) {

  public Rollup {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
  }

  /** The window of {@code metric} with {@code readings}. */
  public static Rollup of(
      String deviceId,
      String metric,
      Instant windowStart,
      Instant windowEnd,
      MetricRollup readings) {
    return new Rollup(
        deviceId,
        metric,
        windowStart,
        windowEnd,
        readings.count(),
        readings.min(),
        readings.max(),
        readings.sum());
  }

  /** The mean of the readings; {@code NaN} for an empty window. */
  @JsonProperty("avg")
  public double avg() {
    return count == 0 ? Double.NaN : sum / count;
  }
}
