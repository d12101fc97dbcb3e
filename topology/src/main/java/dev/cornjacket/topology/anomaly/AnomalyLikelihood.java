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
 */
final class AnomalyLikelihood {

  private static final double MIN_LONG_SD = 0.01;
  private static final double LOG_FLOOR = 1e-10;
  private static final double HISTOGRAM_LOG_FLOOR = 1e-4;
  private static final GaussianDistribution NORMAL = new GaussianDistribution(0, 1);

  private final int longWindow;
  private final float[] recent;
  private double longMean;
  private double longVariance;
  private final ScoreHistogram longHistogram = new ScoreHistogram();

  AnomalyLikelihood(int shortWindow, int longWindow) {
    this.recent = new float[shortWindow];
    this.longWindow = longWindow;
  }

  /**
   * Records the raw score of reading number {@code count} (from 1) and returns the likelihood: 0
   * until {@code warmUp} readings, whose raw scores only say that everything is new, and until the
   * long-term distribution has a few short windows of means.
   */
  double next(double raw, long count, int warmUp) {
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
    double sd = Math.max(MIN_LONG_SD, Math.sqrt(longVariance));
    double gaussianTail = 1 - NORMAL.cdf((shortMean - longMean) / sd);
    double histogramTail = longHistogram.tail(shortMean);
    double alpha = 1.0 / Math.min(count - warmUp, longWindow);
    double delta = shortMean - longMean;
    longMean += alpha * delta;
    longVariance = (1 - alpha) * (longVariance + alpha * delta * delta);
    longHistogram.add(shortMean, alpha);
    if (count - warmUp < recent.length * 4L) {
      return 0;
    }
    return Math.sqrt(
        logScale(gaussianTail, LOG_FLOOR) * logScale(histogramTail, HISTOGRAM_LOG_FLOOR));
  }

  /** A tail probability on a log scale: 0 for 1, 1 for {@code floor} and below. */
  private static double logScale(double tail, double floor) {
    return Math.min(1, Math.log(tail + LOG_FLOOR) / Math.log(floor));
  }

  /** The bytes {@link #write} takes after {@code count} readings. */
  int serializedSize(long count) {
    return Float.BYTES * kept(count) + 2 * Double.BYTES + ScoreHistogram.serializedSize();
  }

  void write(ByteBuffer out, long count) {
    int kept = kept(count);
    out.asFloatBuffer().put(recent, 0, kept);
    out.position(out.position() + Float.BYTES * kept);
    out.putDouble(longMean);
    out.putDouble(longVariance);
    longHistogram.write(out);
  }

  /**
   * @throws java.nio.BufferUnderflowException when the bytes end early
   */
  void read(ByteBuffer in, long count) {
    int kept = kept(count);
    in.asFloatBuffer().get(recent, 0, kept);
    in.position(in.position() + Float.BYTES * kept);
    longMean = in.getDouble();
    longVariance = in.getDouble();
    longHistogram.read(in);
  }

  private int kept(long count) {
    return (int) Math.min(count, recent.length);
  }
}
