package dev.cornjacket.topology.internal.store;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;

/** Instants in the binary store formats: epoch seconds (long) and nanoseconds (int), lossless. */
final class StoreInstants {

  private StoreInstants() {}

  static void write(DataOutputStream out, Instant instant) throws IOException {
    out.writeLong(instant.getEpochSecond());
    out.writeInt(instant.getNano());
  }

  static Instant read(DataInputStream in) throws IOException {
    return Instant.ofEpochSecond(in.readLong(), in.readInt());
  }
}
