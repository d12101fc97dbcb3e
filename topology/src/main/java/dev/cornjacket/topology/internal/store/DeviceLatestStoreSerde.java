package dev.cornjacket.topology.internal.store;

import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceLatest.MetricReading;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The {@code device-latest} store's values (and its changelog's) in a compact binary form; the
 * {@code cj.proj.device_latest} topic stays JSON. Every event reads and writes its device's
 * snapshot, and JSON made that one of the largest costs of the stream thread.
 *
 * <p>Format 1: a format byte; device id; last ts, last event id and updated-at, each behind a
 * presence byte; the metrics (count, then name, value, ts, score behind a presence byte); the
 * attributes and the counts (count, then name and value); the last anomaly behind a presence byte,
 * as its JSON (rare, and the same as on {@code cj.anomalies}). Strings with {@link
 * DataOutputStream#writeUTF}. Values written as JSON by earlier versions (they start with <code>{
 * </code>) are still read, so existing changelogs restore.
 */
public final class DeviceLatestStoreSerde implements Serde<DeviceLatest> {

  private static final byte FORMAT = 1;
  private static final JsonSerde<DeviceLatest> JSON = JsonSerde.of(DeviceLatest.class);
  private static final JsonSerde<Anomaly> ANOMALY_JSON = JsonSerde.of(Anomaly.class);

  @Override
  public Serializer<DeviceLatest> serializer() {
    return (topic, latest) -> latest == null ? null : write(latest);
  }

  @Override
  public Deserializer<DeviceLatest> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
  }

  static byte[] write(DeviceLatest latest) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeUTF(latest.deviceId());
      writeOptionalInstant(out, latest.lastTs());
      writeOptionalString(out, latest.lastEventId());
      writeOptionalInstant(out, latest.updatedAt());
      out.writeInt(latest.metrics().size());
      for (Map.Entry<String, MetricReading> metric : latest.metrics().entrySet()) {
        out.writeUTF(metric.getKey());
        out.writeDouble(metric.getValue().value());
        StoreInstants.write(out, metric.getValue().ts());
        Double score = metric.getValue().score();
        out.writeBoolean(score != null);
        if (score != null) {
          out.writeDouble(score);
        }
      }
      out.writeInt(latest.attrs().size());
      for (Map.Entry<String, String> attr : latest.attrs().entrySet()) {
        out.writeUTF(attr.getKey());
        out.writeUTF(attr.getValue());
      }
      out.writeInt(latest.counts().size());
      for (Map.Entry<String, Long> count : latest.counts().entrySet()) {
        out.writeUTF(count.getKey());
        out.writeLong(count.getValue());
      }
      out.writeBoolean(latest.lastAnomaly() != null);
      if (latest.lastAnomaly() != null) {
        byte[] anomaly = ANOMALY_JSON.write(latest.lastAnomaly());
        out.writeInt(anomaly.length);
        out.write(anomaly);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }

  static DeviceLatest read(String topic, byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == '{') {
      return JSON.read(topic, bytes);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      StoreFormats.require(in, FORMAT, "device-latest", topic, bytes.length);
      String deviceId = in.readUTF();
      Instant lastTs = readOptionalInstant(in);
      String lastEventId = in.readBoolean() ? in.readUTF() : null;
      Instant updatedAt = readOptionalInstant(in);
      int metricCount = in.readInt();
      Map<String, MetricReading> metrics = new LinkedHashMap<>();
      for (int i = 0; i < metricCount; i++) {
        String name = in.readUTF();
        double value = in.readDouble();
        Instant ts = StoreInstants.read(in);
        Double score = in.readBoolean() ? in.readDouble() : null;
        metrics.put(name, new MetricReading(value, ts, score));
      }
      int attrCount = in.readInt();
      Map<String, String> attrs = new LinkedHashMap<>();
      for (int i = 0; i < attrCount; i++) {
        attrs.put(in.readUTF(), in.readUTF());
      }
      int countCount = in.readInt();
      Map<String, Long> counts = new LinkedHashMap<>();
      for (int i = 0; i < countCount; i++) {
        counts.put(in.readUTF(), in.readLong());
      }
      Anomaly lastAnomaly = null;
      if (in.readBoolean()) {
        lastAnomaly = ANOMALY_JSON.read(topic, in.readNBytes(in.readInt()));
      }
      if (in.available() > 0) {
        throw new SerializationException(
            "Device-latest value in " + topic + " has " + in.available() + " extra bytes");
      }
      return new DeviceLatest(
          deviceId, lastTs, lastEventId, updatedAt, metrics, attrs, counts, lastAnomaly);
    } catch (IOException | RuntimeException e) {
      if (e instanceof SerializationException serialization) {
        throw serialization;
      }
      throw new SerializationException(
          "Unreadable device-latest value in " + topic + " (" + bytes.length + " bytes)", e);
    }
  }

  private static void writeOptionalString(DataOutputStream out, String text) throws IOException {
    out.writeBoolean(text != null);
    if (text != null) {
      out.writeUTF(text);
    }
  }

  private static void writeOptionalInstant(DataOutputStream out, Instant instant)
      throws IOException {
    out.writeBoolean(instant != null);
    if (instant != null) {
      StoreInstants.write(out, instant);
    }
  }

  private static Instant readOptionalInstant(DataInputStream in) throws IOException {
    return in.readBoolean() ? StoreInstants.read(in) : null;
  }
}
