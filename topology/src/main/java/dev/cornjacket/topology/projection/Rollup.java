package dev.cornjacket.topology.projection;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One metric of one device over one tumbling window: the value of the {@code rollup-1m} store and
 * of {@code cj.proj.rollups_1m}. Immutable; {@link #add} returns the window with one more reading.
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

  /** A window without readings. */
  public static Rollup empty(String deviceId, String metric, Instant start, Duration size) {
    return new Rollup(
        deviceId,
        metric,
        start,
        start.plus(size),
        0,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        0);
  }

  /** This window with one more reading. */
  public Rollup add(double value) {
    return new Rollup(
        deviceId,
        metric,
        windowStart,
        windowEnd,
        count + 1,
        Math.min(min, value),
        Math.max(max, value),
        sum + value);
  }

  /** The mean of the readings; {@code NaN} for an empty window. */
  @JsonProperty("avg")
  public double avg() {
    return count == 0 ? Double.NaN : sum / count;
  }
}
