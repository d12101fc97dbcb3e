package dev.cornjacket.topology.internal;

import java.io.OutputStream;

/** Counts the bytes written to it and keeps none: measures a serialized size without a copy. */
public final class ByteCounter extends OutputStream {

  private long count;

  @Override
  public void write(int b) {
    count++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    count += length;
  }

  /** The number of bytes written so far. */
  public long count() {
    return count;
  }
}
