package dev.cornjacket.topology.anomaly;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The model states of all metrics of one device as one compact value: the store value of the
 * anomaly scorer. At most {@link #MAX_METRICS} metrics are kept; the metric updated longest ago is
 * forgotten first, so the value stays bounded however many metric names a device sends.
 */
public final class DeviceModelStates {

  /** Most metrics whose models are kept per device. */
  public static final int MAX_METRICS = 64;

  private static final byte FORMAT = 1;

  private DeviceModelStates() {}

  /**
   * The states in {@code bytes}, in order from least to most recently updated; empty for {@code
   * null}.
   *
   * @throws IllegalArgumentException when the bytes are not device model states
   */
  public static LinkedHashMap<String, byte[]> read(byte[] bytes) {
    LinkedHashMap<String, byte[]> states = new LinkedHashMap<>();
    if (bytes == null) {
      return states;
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte format = in.readByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown device model states format " + format);
      }
      int count = in.readUnsignedShort();
      for (int i = 0; i < count; i++) {
        String metric = in.readUTF();
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          throw new IllegalArgumentException("model state of " + metric + " is truncated");
        }
        states.put(metric, in.readNBytes(length));
      }
      if (in.available() > 0) {
        throw new IllegalArgumentException("device model states have extra bytes");
      }
      return states;
    } catch (IOException e) {
      throw new IllegalArgumentException("device model states are truncated", e);
    }
  }

  /**
   * The bytes of {@code states} (iteration order = least to most recently updated), dropping the
   * oldest beyond {@link #MAX_METRICS}.
   */
  public static byte[] write(Map<String, byte[]> states) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      int skip = Math.max(0, states.size() - MAX_METRICS);
      out.writeShort(states.size() - skip);
      for (Map.Entry<String, byte[]> state : states.entrySet()) {
        if (skip > 0) {
          skip--;
          continue;
        }
        out.writeUTF(state.getKey());
        out.writeInt(state.getValue().length);
        out.write(state.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot happen: writing to memory", e);
    }
    return bytes.toByteArray();
  }
}
