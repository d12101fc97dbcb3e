package dev.cornjacket.topology.anomaly;

import java.nio.ByteBuffer;
import smile.stat.distribution.GaussianDistribution;

/**
 * Numenta's anomaly likelihood of one stream of raw scores in [0, 1]: how unlikely the mean of the
 * last {@code shortWindow} raw scores is under the long-term distribution of that mean, on a log
 * scale, so that a stream that is always unusual stops alerting and scores mean the same across
 * very different series.
 *
 * <p>The long-term distribution is judged twice, and both must find the mean unusual (geometric
 * mean of the two scores): a Smile {@link GaussianDistribution} fitted to it over-alerts on
 * heavy-tailed series (bursty counts, spiky traffic), where bursts come every few hundred readings;
 * a decayed {@link ScoreHistogram} knows that, but cannot tell apart means it has never seen.
 *
 * <p>A stream of events (raw scores of 0 or 1) is judged by its histogram alone: its means are a
 * handful of counts, which the histogram holds exactly, and the Gaussian changed no score on the
 * NAB files.
 */
final class AnomalyLikelihood {

  private static final double MIN_LONG_SD = 0.01;
  private static final double LOG_FLOOR = 1e-10;
  private static final double HISTOGRAM_LOG_FLOOR = 1e-4;
  private static final GaussianDistribution NORMAL = new GaussianDistribution(0, 1);

  private final int longWindow;
  private final boolean events;
  private final float[] recent;
  private double longMean;
  private double longVariance;
  private final ScoreHistogram longHistogram;

  private AnomalyLikelihood(int shortWindow, int longWindow, boolean events) {
    this.recent = new float[shortWindow];
    this.longWindow = longWindow;
    this.events = events;
    // the mean of n events is k/n: one bin for each k is exact
    this.longHistogram = new ScoreHistogram(events ? shortWindow + 1 : ScoreHistogram.DEFAULT_BINS);
  }

  /** The likelihood of raw scores anywhere in [0, 1]. */
  static AnomalyLikelihood ofScores(int shortWindow, int longWindow) {
    return new AnomalyLikelihood(shortWindow, longWindow, false);
  }

  /** The likelihood of events (raw scores of 0 or 1), which keeps its recent events as bits. */
  static AnomalyLikelihood ofEvents(int shortWindow, int longWindow) {
    return new AnomalyLikelihood(shortWindow, longWindow, true);
  }

  /**
   * Records the raw score of reading number {@code count} (from 1) and returns the likelihood: 0
   * until {@code warmUp} readings, whose raw scores only say that everything is new, and until the
   * long-term distribution has a few short windows of means.
   */
  double next(double raw, long count, int warmUp) {
    if (events && raw != 0 && raw != 1) {
      throw new IllegalArgumentException("an event is 0 or 1, got " + raw);
    }
    recent[(int) ((count - 1) % recent.length)] = (float) raw;
    int n = (int) Math.min(count, recent.length);
    double shortMean = 0;
    for (int i = 0; i < n; i++) {
      shortMean += recent[i];
    }
    shortMean /= n;
    if (count <= warmUp) {
      return 0;
    }
    double alpha = 1.0 / Math.min(count - warmUp, longWindow);
    double histogramScore = logScale(longHistogram.tail(shortMean), HISTOGRAM_LOG_FLOOR);
    longHistogram.add(shortMean, alpha);
    double gaussianScore = events ? 1 : gaussianScore(shortMean, alpha);
    if (count - warmUp < recent.length * 4L) {
      return 0;
    }
    return Math.sqrt(gaussianScore * histogramScore);
  }

  /** The tail of {@code shortMean} under the Gaussian of the means so far, which then learns it. */
  private double gaussianScore(double shortMean, double alpha) {
    double sd = Math.max(MIN_LONG_SD, Math.sqrt(longVariance));
    double tail = 1 - NORMAL.cdf((shortMean - longMean) / sd);
    double delta = shortMean - longMean;
    longMean += alpha * delta;
    longVariance = (1 - alpha) * (longVariance + alpha * delta * delta);
    return logScale(tail, LOG_FLOOR);
  }

  /** A tail probability on a log scale: 0 for 1, 1 for {@code floor} and below. */
  private static double logScale(double tail, double floor) {
    return Math.min(1, Math.log(tail + LOG_FLOOR) / Math.log(floor));
  }

  /** The bytes {@link #write} takes after {@code count} readings. */
  int serializedSize(long count) {
    return recentSize(kept(count))
        + (events ? 0 : 2 * Double.BYTES)
        + longHistogram.serializedSize();
  }

  void write(ByteBuffer out, long count) {
    int kept = kept(count);
    if (events) {
      byte[] bits = new byte[recentSize(kept)];
      for (int i = 0; i < kept; i++) {
        if (recent[i] == 1) {
          bits[i / 8] |= (byte) (1 << (i % 8));
        }
      }
      out.put(bits);
    } else {
      out.asFloatBuffer().put(recent, 0, kept);
      out.position(out.position() + Float.BYTES * kept);
    }
    if (!events) {
      out.putDouble(longMean);
      out.putDouble(longVariance);
    }
    longHistogram.write(out);
  }

  /**
   * @throws java.nio.BufferUnderflowException when the bytes end early
   */
  void read(ByteBuffer in, long count) {
    int kept = kept(count);
    if (events) {
      byte[] bits = new byte[recentSize(kept)];
      in.get(bits);
      for (int i = 0; i < kept; i++) {
        recent[i] = (bits[i / 8] >> (i % 8) & 1) == 1 ? 1 : 0;
      }
    } else {
      in.asFloatBuffer().get(recent, 0, kept);
      in.position(in.position() + Float.BYTES * kept);
    }
    if (!events) {
      longMean = in.getDouble();
      longVariance = in.getDouble();
    }
    longHistogram.read(in);
  }

  private int recentSize(int kept) {
    return events ? (kept + 7) / 8 : Float.BYTES * kept;
  }

  private int kept(long count) {
    return (int) Math.min(count, recent.length);
  }
}
