package dev.cornjacket.topology.anomaly;

import java.nio.ByteBuffer;

/**
 * A bounded memory of prototype contexts at one time scale (adaptive-resonance style): a context
 * within the vigilance of its nearest prototype is familiar and teaches that prototype; otherwise
 * it is new and takes the place of the least recently matched prototype. Prototypes are kept in [0,
 * 1] (the metric's observed range) as 16-bit fixed point, so that the state round-trips exactly.
 */
final class ContextMemory {

  private static final double QUANTUM = 65535.0;

  /**
   * Ages (readings since a prototype was last matched) are kept up to this, so that they take two
   * bytes in the state; older prototypes are all equally old and the first of them is forgotten.
   */
  private static final int MAX_AGE = Character.MAX_VALUE;

  private final int width;
  private final double vigilance;
  private final double learningRate;
  private final char[][] prototypes;
  private final int[] lastMatched; // reading counts stay far below 2^31 between matches in practice
  private int count;

  ContextMemory(int capacity, int width, double vigilance, double learningRate) {
    this.width = width;
    this.vigilance = vigilance;
    this.learningRate = learningRate;
    this.prototypes = new char[capacity][];
    this.lastMatched = new int[capacity];
  }

  /** Matches {@code context} (values in [0, 1]); learns from it; true when it was new. */
  boolean isNew(double[] context, long now) {
    int nearest = -1;
    double distance = Double.MAX_VALUE;
    for (int k = 0; k < count; k++) {
      double d = distance(prototypes[k], context);
      if (d < distance) {
        distance = d;
        nearest = k;
      }
    }
    if (nearest >= 0 && distance <= vigilance) {
      char[] prototype = prototypes[nearest];
      for (int j = 0; j < width; j++) {
        double w = prototype[j] / QUANTUM;
        prototype[j] = quantize(w + learningRate * (context[j] - w));
      }
      lastMatched[nearest] = (int) now;
      return false;
    }
    remember(context, now);
    return true;
  }

  /** Re-expresses every prototype, learned in range [oldMin, oldMax], in [newMin, newMax]. */
  void rescale(double oldMin, double oldMax, double newMin, double newMax) {
    double oldRange = oldMax - oldMin;
    double newRange = newMax - newMin;
    for (int k = 0; k < count; k++) {
      char[] prototype = prototypes[k];
      for (int j = 0; j < width; j++) {
        double value = oldRange > 0 ? oldMin + prototype[j] / QUANTUM * oldRange : oldMin;
        prototype[j] = quantize((value - newMin) / newRange);
      }
    }
  }

  /** The bytes {@link #write} takes. */
  int serializedSize() {
    return 1 + count * (Character.BYTES * width + Character.BYTES);
  }

  /** Writes the prototypes with their ages at reading {@code now}. */
  void write(ByteBuffer out, long now) {
    out.put((byte) count);
    for (int k = 0; k < count; k++) {
      out.asCharBuffer().put(prototypes[k]);
      out.position(out.position() + Character.BYTES * width);
      out.putChar((char) age(k, now));
    }
  }

  /**
   * @throws java.nio.BufferUnderflowException when the bytes end early
   */
  void read(ByteBuffer in, long now) {
    count = Byte.toUnsignedInt(in.get());
    if (count > prototypes.length) {
      throw new IllegalArgumentException("model state has too many prototypes");
    }
    for (int k = 0; k < count; k++) {
      char[] prototype = new char[width];
      in.asCharBuffer().get(prototype);
      in.position(in.position() + Character.BYTES * width);
      prototypes[k] = prototype;
      lastMatched[k] = (int) (now - in.getChar());
    }
  }

  private void remember(double[] context, long now) {
    int slot = count;
    if (count == prototypes.length) {
      slot = 0;
      for (int k = 1; k < count; k++) {
        if (age(k, now) > age(slot, now)) {
          slot = k;
        }
      }
    } else {
      count++;
    }
    char[] prototype = new char[width];
    for (int j = 0; j < width; j++) {
      prototype[j] = quantize(context[j]);
    }
    prototypes[slot] = prototype;
    lastMatched[slot] = (int) now;
  }

  private int age(int k, long now) {
    return (int) Math.min(MAX_AGE, now - lastMatched[k]);
  }

  private static double distance(char[] prototype, double[] context) {
    double sum = 0;
    for (int j = 0; j < context.length; j++) {
      sum += Math.abs(prototype[j] / QUANTUM - context[j]);
    }
    return sum / context.length;
  }

  private static char quantize(double unit) {
    return (char) Math.round(Math.clamp(unit, 0, 1) * QUANTUM);
  }
}
