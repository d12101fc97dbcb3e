package dev.cornjacket.topology.projection;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The readings of one metric within one window: count, smallest, largest and sum. Immutable; {@link
 * #add} returns the window with one more reading.
 *
 * @param count readings in the window
 * @param min smallest reading
 * @param max largest reading
 * @param sum sum of the readings
 */
public record MetricRollup(long count, double min, double max, double sum) {

  /** No readings yet: {@link #add} of the first reading gives count 1, min = max = sum = it. */
  public static final MetricRollup EMPTY =
      new MetricRollup(0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0);

  /** This window with one more reading. */
  public MetricRollup add(double value) {
    return new MetricRollup(count + 1, Math.min(min, value), Math.max(max, value), sum + value);
  }

  /** The mean of the readings; {@code NaN} without readings. */
  @JsonProperty("avg")
  public double avg() {
    return count == 0 ? Double.NaN : sum / count;
  }
}
