package dev.cornjacket.topology.internal.store;

import java.io.DataInputStream;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;

/** The format byte that starts every value of the binary store formats. */
final class StoreFormats {

  private StoreFormats() {}

  /**
   * Reads the format byte of a {@code what} value and refuses any but {@code expected}, naming the
   * topic and the value's size, so that a value of another version is never misread.
   */
  static void require(DataInputStream in, byte expected, String what, String topic, int size)
      throws IOException {
    byte format = in.readByte();
    if (format != expected) {
      throw new SerializationException(
          "Unknown " + what + " format " + format + " in " + topic + " (" + size + " bytes)");
    }
  }
}
