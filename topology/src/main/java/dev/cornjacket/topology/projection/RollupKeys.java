package dev.cornjacket.topology.projection;

import java.util.Objects;

/**
 * Keys of the {@code rollup-1m} store: {@code device_id/metric}. A device id cannot hold a {@code
 * /}, so the first one separates the two, and all metrics of a device form one contiguous key range
 * starting with {@code device_id/}.
 */
public final class RollupKeys {

  private static final char SEPARATOR = '/';

  private RollupKeys() {}

  /** The key of {@code metric} of {@code deviceId}. */
  public static String of(String deviceId, String metric) {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    return deviceId + SEPARATOR + metric;
  }

  /** The smallest key of {@code deviceId}. */
  public static String firstOf(String deviceId) {
    return deviceId + SEPARATOR;
  }

  /** A key above every key of {@code deviceId} (metric names are at most 128 characters). */
  public static String lastOf(String deviceId) {
    return deviceId + SEPARATOR + Character.MAX_VALUE;
  }
}
