package dev.cornjacket.sinks.internal;

import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.projection.DeviceRollup;
import dev.cornjacket.topology.projection.Rollup;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a record of {@code cj.proj.rollups_1m} as the windows of its metrics, one {@code
 * rollups_1m} row each. The topology writes one record per device and window holding all its
 * metrics ({@link DeviceRollup}); versions before it wrote one record per metric ({@link Rollup}),
 * and such records may still wait on the topic when the sink is upgraded, so they are read too
 * rather than dead-lettered.
 */
final class RollupRecords {

  private static final JsonSerde<Rollup> ONE_METRIC = JsonSerde.of(Rollup.class);

  private final Deserializer<DeviceRollup> deviceWindows;

  RollupRecords(Deserializer<DeviceRollup> deviceWindows) {
    this.deviceWindows = deviceWindows;
  }

  /**
   * The metrics' windows of {@code value}, at least one.
   *
   * @throws SerializationException when it is neither shape, or a device window without metrics
   */
  List<Rollup> read(String topic, byte[] value) {
    DeviceRollup window;
    try {
      window = deviceWindows.deserialize(topic, value);
    } catch (SerializationException notADeviceWindow) {
      // a record without "metrics": the one-metric shape of earlier versions, or garbage
      try {
        return List.of(ONE_METRIC.read(topic, value));
      } catch (SerializationException notOneMetric) {
        notADeviceWindow.addSuppressed(notOneMetric);
        throw notADeviceWindow;
      }
    }
    if (window.metrics().isEmpty()) {
      throw new SerializationException(
          "Rollup of device " + window.deviceId() + " in " + topic + " has no metrics");
    }
    return window.rollups();
  }
}
