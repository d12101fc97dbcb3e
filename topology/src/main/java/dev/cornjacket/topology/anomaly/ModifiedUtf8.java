package dev.cornjacket.topology.anomaly;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Strings as {@link java.io.DataOutputStream#writeUTF} writes them (an unsigned 16-bit length, then
 * modified UTF-8: NUL and surrogates as 2 and 3 bytes), read from and written to a {@link
 * ByteBuffer}: the metric names of {@link DeviceModelStates}, whose first format used the stream.
 */
final class ModifiedUtf8 {

  private static final int MAX_BYTES = 0xFFFF;

  private ModifiedUtf8() {}

  /** The bytes {@link #write} takes for {@code text}, length included. */
  static int size(String text) {
    int bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      bytes += charSize(text.charAt(i));
    }
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "a metric name of " + bytes + " bytes is longer than " + MAX_BYTES);
    }
    return Short.BYTES + bytes;
  }

  static void write(String text, ByteBuffer out) {
    out.putShort((short) (size(text) - Short.BYTES));
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (charSize(c)) {
        case 1 -> out.put((byte) c);
        case 2 -> {
          out.put((byte) (0xC0 | (c >> 6) & 0x1F));
          out.put((byte) (0x80 | c & 0x3F));
        }
        default -> {
          out.put((byte) (0xE0 | (c >> 12) & 0x0F));
          out.put((byte) (0x80 | (c >> 6) & 0x3F));
          out.put((byte) (0x80 | c & 0x3F));
        }
      }
    }
  }

  /**
   * @throws IllegalArgumentException when the bytes are not modified UTF-8
   * @throws BufferUnderflowException when they end early
   */
  static String read(ByteBuffer in) {
    int length = Short.toUnsignedInt(in.getShort());
    if (length > in.remaining()) {
      throw new BufferUnderflowException();
    }
    int end = in.position() + length;
    StringBuilder text = new StringBuilder(length);
    while (in.position() < end) {
      int b = Byte.toUnsignedInt(in.get());
      if (b < 0x80) {
        text.append((char) b);
      } else if ((b & 0xE0) == 0xC0) {
        text.append((char) ((b & 0x1F) << 6 | continuation(in, end)));
      } else if ((b & 0xF0) == 0xE0) {
        int middle = continuation(in, end);
        text.append((char) ((b & 0x0F) << 12 | middle << 6 | continuation(in, end)));
      } else {
        throw new IllegalArgumentException("malformed metric name at byte " + b);
      }
    }
    return text.toString();
  }

  private static int continuation(ByteBuffer in, int end) {
    if (in.position() >= end) {
      throw new IllegalArgumentException("malformed metric name: a character is cut");
    }
    int b = Byte.toUnsignedInt(in.get());
    if ((b & 0xC0) != 0x80) {
      throw new IllegalArgumentException("malformed metric name at byte " + b);
    }
    return b & 0x3F;
  }

  private static int charSize(char c) {
    if (c >= 0x0001 && c <= 0x007F) {
      return 1;
    }
    return c > 0x07FF ? 3 : 2;
  }
}
