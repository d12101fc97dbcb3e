package dev.cornjacket.topology.anomaly;

import java.nio.ByteBuffer;

/**
 * The long-term distribution of a score in [0, 1] as a histogram whose counts decay, so that its
 * tail says how often a score this high has actually been seen lately, whatever the shape of the
 * distribution. A Gaussian fitted to a heavy-tailed series (bursty counts, spiky traffic) calls
 * every burst impossible; this histogram knows that bursts come every few hundred readings.
 *
 * <p>Counts are floats and are only ever changed in float arithmetic, so that the bytes {@link
 * #write} gives round-trip exactly.
 */
final class ScoreHistogram {

  /**
   * Scores are counted in steps of 1/20 unless the caller knows better: the mean of ten binary
   * events falls on a step, and finer steps (1/25 to 1/50 were tried) only split the same evidence.
   */
  static final int DEFAULT_BINS = 21;

  /** A score never seen counts as this share of one reading, so its tail is small but not 0. */
  private static final double UNSEEN = 1e-3;

  private final float[] counts;

  /** A histogram of {@code bins} equal steps from 0 to 1 (both ends on a step). */
  ScoreHistogram(int bins) {
    if (bins < 2) {
      throw new IllegalArgumentException("a histogram needs at least 2 bins, got " + bins);
    }
    this.counts = new float[bins];
  }

  /** Share of the counted scores at least as high as {@code score}. */
  double tail(double score) {
    int bin = bin(score);
    double total = 0;
    double atLeast = 0;
    for (int k = 0; k < counts.length; k++) {
      total += counts[k];
      if (k >= bin) {
        atLeast += counts[k];
      }
    }
    return (atLeast + UNSEEN) / (total + 1);
  }

  /** Counts {@code score} after the older counts decayed by {@code 1 - alpha}. */
  void add(double score, double alpha) {
    float keep = (float) (1 - alpha);
    for (int k = 0; k < counts.length; k++) {
      counts[k] *= keep;
    }
    counts[bin(score)] += 1;
  }

  /** The bytes {@link #write} takes. */
  int serializedSize() {
    return Float.BYTES * counts.length;
  }

  void write(ByteBuffer out) {
    out.asFloatBuffer().put(counts);
    out.position(out.position() + serializedSize());
  }

  /**
   * @throws java.nio.BufferUnderflowException when the bytes end early
   */
  void read(ByteBuffer in) {
    in.asFloatBuffer().get(counts);
    in.position(in.position() + serializedSize());
  }

  private int bin(double score) {
    int last = counts.length - 1;
    return (int) Math.clamp(Math.round(score * last), 0, last);
  }
}
