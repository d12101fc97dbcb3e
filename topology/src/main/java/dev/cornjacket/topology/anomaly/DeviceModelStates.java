package dev.cornjacket.topology.anomaly;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
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
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte format = in.get();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown device model states format " + format);
      }
      int count = Short.toUnsignedInt(in.getShort());
      for (int i = 0; i < count; i++) {
        String metric = ModifiedUtf8.read(in);
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw new IllegalArgumentException("model state of " + metric + " is truncated");
        }
        byte[] state = new byte[length];
        in.get(state);
        states.put(metric, state);
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("device model states have extra bytes");
      }
      return states;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("device model states are truncated", e);
    }
  }

  /**
   * The bytes of {@code states} (iteration order = least to most recently updated), dropping the
   * oldest beyond {@link #MAX_METRICS}.
   */
  public static byte[] write(Map<String, byte[]> states) {
    int skip = Math.max(0, states.size() - MAX_METRICS);
    int size = 1 + Short.BYTES;
    int index = 0;
    for (Map.Entry<String, byte[]> state : states.entrySet()) {
      if (index++ >= skip) {
        size += ModifiedUtf8.size(state.getKey()) + Integer.BYTES + state.getValue().length;
      }
    }
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(FORMAT);
    out.putShort((short) (states.size() - skip));
    index = 0;
    for (Map.Entry<String, byte[]> state : states.entrySet()) {
      if (index++ < skip) {
        continue;
      }
      ModifiedUtf8.write(state.getKey(), out);
      out.putInt(state.getValue().length);
      out.put(state.getValue());
    }
    return out.array();
  }
}
