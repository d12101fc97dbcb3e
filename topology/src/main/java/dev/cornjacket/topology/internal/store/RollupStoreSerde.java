package dev.cornjacket.topology.internal.store;

import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.projection.Rollup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The {@code rollup-1m} store's values (and its changelog's) in a compact binary form; the {@code
 * cj.proj.rollups_1m} topic stays JSON. Every sensor event reads and writes one rollup per metric,
 * and JSON made those reads and writes the largest cost of the stream thread.
 *
 * <p>Format 1: a format byte, device id and metric ({@link DataOutputStream#writeUTF}), window
 * start and end (epoch seconds, nanoseconds), count, min, max, sum. Values written as JSON by
 * earlier versions (they start with <code>{</code>) are still read, so existing changelogs restore.
 */
public final class RollupStoreSerde implements Serde<Rollup> {

  private static final byte FORMAT = 1;
  private static final JsonSerde<Rollup> JSON = JsonSerde.of(Rollup.class);

  @Override
  public Serializer<Rollup> serializer() {
    return (topic, rollup) -> rollup == null ? null : write(rollup);
  }

  @Override
  public Deserializer<Rollup> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
  }

  static byte[] write(Rollup rollup) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      out.writeUTF(rollup.deviceId());
      out.writeUTF(rollup.metric());
      StoreInstants.write(out, rollup.windowStart());
      StoreInstants.write(out, rollup.windowEnd());
      out.writeLong(rollup.count());
      out.writeDouble(rollup.min());
      out.writeDouble(rollup.max());
      out.writeDouble(rollup.sum());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }

  static Rollup read(String topic, byte[] bytes) {
    if (bytes.length > 0 && bytes[0] == '{') {
      return JSON.read(topic, bytes);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new SerializationException(
            "Unknown rollup format " + format + " in " + topic + " (" + bytes.length + " bytes)");
      }
      Rollup rollup =
          new Rollup(
              in.readUTF(),
              in.readUTF(),
              StoreInstants.read(in),
              StoreInstants.read(in),
              in.readLong(),
              in.readDouble(),
              in.readDouble(),
              in.readDouble());
      if (in.available() > 0) {
        throw new SerializationException(
            "Rollup in " + topic + " has " + in.available() + " extra bytes");
      }
      return rollup;
    } catch (IOException e) {
      throw new SerializationException(
          "Truncated rollup in " + topic + " (" + bytes.length + " bytes)", e);
    }
  }
}
