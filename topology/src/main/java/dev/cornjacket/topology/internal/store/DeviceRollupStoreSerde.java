package dev.cornjacket.topology.internal.store;

import dev.cornjacket.topology.projection.DeviceRollup;
import dev.cornjacket.topology.projection.MetricRollup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The {@code device-rollup-1m} store's values (and its changelog's) in a compact binary form; the
 * {@code cj.proj.rollups_1m} topic stays JSON. Every sensor event reads and writes its device's
 * window, and JSON made rollup reads and writes the largest cost of the stream thread.
 *
 * <p>Format 2: a format byte, device id ({@link DataOutputStream#writeUTF}), window start and end
 * (epoch seconds, nanoseconds), the number of metrics, then per metric its name, count, min, max
 * and sum. Format 1 was one metric per value in the former {@code rollup-1m} store; this store has
 * a name (and so a changelog) of its own and never holds it, so anything but format 2 is refused
 * with the topic named rather than misread.
 */
public final class DeviceRollupStoreSerde implements Serde<DeviceRollup> {

  static final byte FORMAT = 2;

  @Override
  public Serializer<DeviceRollup> serializer() {
    return (topic, rollup) -> rollup == null ? null : write(rollup);
  }

  @Override
  public Deserializer<DeviceRollup> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
  }

  static byte[] write(DeviceRollup rollup) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(48 + 48 * rollup.metrics().size());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeUTF(rollup.deviceId());
      StoreInstants.write(out, rollup.windowStart());
      StoreInstants.write(out, rollup.windowEnd());
      out.writeInt(rollup.metrics().size());
      for (Map.Entry<String, MetricRollup> metric : rollup.metrics().entrySet()) {
        MetricRollup readings = metric.getValue();
        out.writeUTF(metric.getKey());
        out.writeLong(readings.count());
        out.writeDouble(readings.min());
        out.writeDouble(readings.max());
        out.writeDouble(readings.sum());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }

  static DeviceRollup read(String topic, byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      StoreFormats.require(in, FORMAT, "device rollup", topic, bytes.length);
      String deviceId = in.readUTF();
      Instant windowStart = StoreInstants.read(in);
      Instant windowEnd = StoreInstants.read(in);
      int metricCount = in.readInt();
      if (metricCount < 0 || metricCount > in.available()) {
        throw new SerializationException(
            "Device rollup in " + topic + " claims " + metricCount + " metrics");
      }
      SortedMap<String, MetricRollup> metrics = new TreeMap<>();
      for (int i = 0; i < metricCount; i++) {
        metrics.put(
            in.readUTF(),
            new MetricRollup(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble()));
      }
      if (in.available() > 0) {
        throw new SerializationException(
            "Device rollup in " + topic + " has " + in.available() + " extra bytes");
      }
      return new DeviceRollup(deviceId, windowStart, windowEnd, metrics);
    } catch (IOException e) {
      throw new SerializationException(
          "Truncated device rollup in " + topic + " (" + bytes.length + " bytes)", e);
    }
  }
}
