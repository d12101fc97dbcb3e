package dev.cornjacket.topology.anomaly;

import java.nio.ByteBuffer;

/**
 * A metric's usual readings by hour of day (UTC): an exponentially weighted mean and mean absolute
 * deviation per hour, so that a reading far from what that hour usually brings is an outlier even
 * when it is inside the range of the day (a busy hour at night, a quiet one at noon).
 */
final class TimeOfDayProfile {

  private static final int BUCKETS = 24;
  private static final long DAY_MILLIS = 86_400_000L;

  /** Weight of a new reading in its hour's mean and mean absolute deviation. */
  private static final double ALPHA = 0.1;

  /** An hour judges readings only after learning from this many (its averages have settled). */
  private static final int WARM_UP = 5;

  /** A residual beyond this many (scaled) mean absolute deviations is an outlier. */
  private static final double LEVEL = 5;

  /** Mean absolute deviation times this estimates the standard deviation of Gaussian noise. */
  private static final double MAD_TO_SD = 1.25;

  private final float[] mean = new float[BUCKETS];
  private final float[] deviation = new float[BUCKETS];

  /** {@code seen} of an hour that judges readings: it has seen enough, and an earlier day. */
  private static final byte SETTLED = WARM_UP + 1;

  private final byte[] seen = new byte[BUCKETS]; // readings up to WARM_UP, then SETTLED
  // The day of the hour's first reading, modulo 256: an hour whose next day comes a multiple of
  // 256 days later only settles a day later, and one byte is enough.
  private final byte[] firstDay = new byte[BUCKETS];
  private transient int lastHour;
  private transient double lastUsual;

  /**
   * 1 when {@code reading} is an outlier for its hour, else 0; then the hour learns from it.
   *
   * @param leastSpread the spread to divide by at least (a share of the metric's observed range),
   *     so that an hour that was flat so far does not call every small change an outlier
   */
  double outlier(long timestampMillis, float reading, double leastSpread) {
    int hour = (int) (Math.floorMod(timestampMillis, DAY_MILLIS) / (DAY_MILLIS / BUCKETS));
    byte day = (byte) Math.floorDiv(timestampMillis, DAY_MILLIS);
    if (seen[hour] == 0) {
      mean[hour] = reading;
      seen[hour] = 1;
      firstDay[hour] = day;
      return 0;
    }
    // an hour only knows what it usually brings once it has seen an earlier day
    if (seen[hour] == WARM_UP && day != firstDay[hour]) {
      seen[hour] = SETTLED;
    }
    lastHour = hour;
    lastUsual = mean[hour];
    double error = reading - mean[hour];
    double spread = Math.max(MAD_TO_SD * deviation[hour], leastSpread);
    boolean outlier = seen[hour] == SETTLED && spread > 0 && Math.abs(error) > LEVEL * spread;
    mean[hour] += (float) (ALPHA * error);
    deviation[hour] += (float) (ALPHA * (Math.abs(error) - deviation[hour]));
    if (seen[hour] < WARM_UP) {
      seen[hour]++;
    }
    return outlier ? 1 : 0;
  }

  /** The hour of day (UTC) of the last reading judged. */
  int lastHour() {
    return lastHour;
  }

  /** What the hour of the last reading judged usually brought, before learning from it. */
  double lastUsual() {
    return lastUsual;
  }

  /** The bytes {@link #write} takes. */
  static int serializedSize() {
    return BUCKETS * (2 * Float.BYTES + 2);
  }

  void write(ByteBuffer out) {
    out.asFloatBuffer().put(mean);
    out.position(out.position() + Float.BYTES * BUCKETS);
    out.asFloatBuffer().put(deviation);
    out.position(out.position() + Float.BYTES * BUCKETS);
    out.put(seen);
    out.put(firstDay);
  }

  /**
   * @throws java.nio.BufferUnderflowException when the bytes end early
   */
  void read(ByteBuffer in) {
    in.asFloatBuffer().get(mean);
    in.position(in.position() + Float.BYTES * BUCKETS);
    in.asFloatBuffer().get(deviation);
    in.position(in.position() + Float.BYTES * BUCKETS);
    in.get(seen);
    in.get(firstDay);
    for (byte count : seen) {
      if (count < 0 || count > SETTLED) {
        throw new IllegalArgumentException("model state has a bad time-of-day count " + count);
      }
    }
  }
}
