package dev.cornjacket.topology.anomaly;

import java.util.List;

/**
 * The anomaly model of one metric of one device: fed one reading at a time, in the device's order,
 * it answers how unusual that reading is. No Kafka types, so that it can be tested, benchmarked and
 * replaced without a test driver.
 *
 * <p>Its whole state is {@link #toBytes()}: compact and bounded however long the device lives, so
 * that it fits in a changelogged state store. A model read back from those bytes scores the next
 * reading exactly as the original would have.
 */
public interface AnomalyModel {

  /**
   * Learns from one reading and scores it.
   *
   * @param timestampMillis when the reading was taken (epoch milliseconds)
   * @param value the reading; must be finite
   * @return the anomaly score in [0, 1]: 0 is ordinary, 1 is as unusual as it gets
   * @throws IllegalArgumentException when {@code value} is NaN or infinite
   */
  double score(long timestampMillis, double value);

  /** How many readings the model has learned from. */
  long readings();

  /** What was unusual about the last scored reading, in short words, most important first. */
  List<String> reasons();

  /** The model's state, to be read back by the factory that made the model. */
  byte[] toBytes();
}
