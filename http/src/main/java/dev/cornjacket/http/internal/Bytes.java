package dev.cornjacket.http.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Searching request bodies eight bytes at a time. */
final class Bytes {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Bytes() {}

  /**
   * The index of the first {@code target} at or after {@code from}, or -1. Looking for the line
   * breaks of an NDJSON body byte by byte was a twentieth of the ingest's request threads; this
   * tests a word at a time for a zero byte in {@code word ^ target * 0x01..01}.
   */
  static int indexOf(byte[] bytes, int from, byte target) {
    long pattern = ONES * (target & 0xFF);
    int i = Math.max(from, 0);
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      long word = (long) LONGS.get(bytes, i) ^ pattern;
      // The lowest set bit marks the first zero byte exactly: a borrow only ever spills into
      // bytes above a zero byte (little-endian: later in the array).
      long zeros = (word - ONES) & ~word & HIGH_BITS;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] == target) {
        return i;
      }
    }
    return -1;
  }
}
