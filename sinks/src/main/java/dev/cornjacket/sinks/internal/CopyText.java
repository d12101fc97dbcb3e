package dev.cornjacket.sinks.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's {@code COPY ... FROM STDIN (FORMAT text)} format, built in one growing byte
 * array: fields separated by tabs, rows ended by newlines, {@code \N} for NULL, and backslash, tab,
 * newline and carriage return escaped inside values. Other characters go through as UTF-8; a NUL
 * character cannot be represented and is left for PostgreSQL to reject (the row is then
 * dead-lettered).
 */
public final class CopyText {

  private byte[] bytes;
  private int length;
  private boolean rowStarted;

  public CopyText(int initialCapacity) {
    bytes = new byte[Math.max(64, initialCapacity)];
  }

  /** Forgets every row, keeping the buffer. */
  public void clear() {
    length = 0;
    rowStarted = false;
  }

  public byte[] bytes() {
    return bytes;
  }

  public int length() {
    return length;
  }

  /** A text field; {@code null} is SQL NULL. */
  public CopyText text(String value) {
    separate();
    if (value == null) {
      raw((byte) '\\');
      raw((byte) 'N');
      return this;
    }
    appendEscaped(value);
    return this;
  }

  /**
   * A field holding UTF-8 bytes as they are (JSON for a {@code jsonb} column), with the four
   * characters {@code COPY} needs escaped.
   */
  public CopyText json(byte[] utf8, int offset, int count) {
    separate();
    ensure(count);
    for (int i = offset; i < offset + count; i++) {
      byte b = utf8[i];
      switch (b) {
        case '\\' -> escape('\\');
        case '\t' -> escape('t');
        case '\n' -> escape('n');
        case '\r' -> escape('r');
        default -> raw(b);
      }
    }
    return this;
  }

  /** Fields encoded before (by this class), at the start of a row. */
  public CopyText fields(byte[] encoded) {
    if (rowStarted) {
      throw new IllegalStateException("encoded fields go at the start of a row");
    }
    ensure(encoded.length);
    System.arraycopy(encoded, 0, bytes, length, encoded.length);
    length += encoded.length;
    rowStarted = true;
    return this;
  }

  /** A timestamp field in RFC 3339 (PostgreSQL's timestamptz input accepts it); null is NULL. */
  public CopyText timestamp(Instant value) {
    return value == null ? text(null) : ascii(value.toString());
  }

  /** A double precision field ({@code Infinity} and {@code NaN} included). */
  public CopyText number(double value) {
    return ascii(Double.toString(value));
  }

  /** A bigint field. */
  public CopyText number(long value) {
    return ascii(Long.toString(value));
  }

  /** A nullable double precision field. */
  public CopyText number(Double value) {
    return value == null ? text(null) : number(value.doubleValue());
  }

  /** Ends the current row. */
  public CopyText endRow() {
    raw((byte) '\n');
    rowStarted = false;
    return this;
  }

  private CopyText ascii(String value) {
    separate();
    ensure(value.length());
    for (int i = 0; i < value.length(); i++) {
      bytes[length++] = (byte) value.charAt(i);
    }
    return this;
  }

  private void separate() {
    if (rowStarted) {
      raw((byte) '\t');
    }
    rowStarted = true;
  }

  private void appendEscaped(String value) {
    int n = value.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x80) {
        switch (c) {
          case '\\' -> escape('\\');
          case '\t' -> escape('t');
          case '\n' -> escape('n');
          case '\r' -> escape('r');
          default -> raw((byte) c);
        }
      } else {
        // rare in ids and JSON from devices: fall back to the JDK's encoder for the rest
        byte[] utf8 = value.substring(i).getBytes(StandardCharsets.UTF_8);
        ensure(utf8.length);
        for (byte b : utf8) {
          // bytes of multi-byte characters are >= 0x80: never one of the escaped characters,
          // but the remaining ASCII ones still need escaping
          switch (b) {
            case '\\' -> escape('\\');
            case '\t' -> escape('t');
            case '\n' -> escape('n');
            case '\r' -> escape('r');
            default -> raw(b);
          }
        }
        return;
      }
    }
  }

  private void escape(char c) {
    raw((byte) '\\');
    raw((byte) c);
  }

  private void raw(byte b) {
    if (length == bytes.length) {
      ensure(1);
    }
    bytes[length++] = b;
  }

  private void ensure(int more) {
    // escaping at most doubles a character
    int needed = length + 2 * more + 2;
    if (needed > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
    }
  }
}
