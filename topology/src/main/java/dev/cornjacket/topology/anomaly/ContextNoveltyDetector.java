package dev.cornjacket.topology.anomaly;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import smile.stat.distribution.KernelDensity;

/**
 * A streaming anomaly detector for one metric, after the strongest NAB detectors (adaptive
 * resonance, contextual novelty and Numenta's anomaly likelihood), built on Smile.
 *
 * <ol>
 *   <li><b>Context novelty</b> (adaptive-resonance style): the last {@code window * pool} readings,
 *       scaled by the metric's observed range and averaged in groups of {@code pool}, form a
 *       context; a second, coarser context averages {@code pool * coarsePool} readings per feature.
 *       Each is compared with its own bounded {@link ContextMemory} of prototypes; a context that
 *       matches none is new. Novelty is 1 when the context is new at either scale.
 *   <li><b>Value rarity</b>: a Smile {@link KernelDensity} re-fitted on the recent history gives
 *       the reading's two-sided tail probability.
 *   <li><b>Likelihood</b> ({@link AnomalyLikelihood}): the raw score (a mix of both) is averaged
 *       over a short window and compared with the long-term distribution of that average (a Smile
 *       Gaussian and a {@link ScoreHistogram}, both must agree); the tail probability is put on a
 *       log scale, so that a series that is always novel stops alerting and scores mean the same
 *       across very different series.
 *   <li><b>Second signals</b>: a <i>level shift</i> (the mean of the last {@value #SHIFT_SPAN}
 *       readings against the rest of the recent history, in units of that rest's spread) and a
 *       <i>time-of-day residual</i> ({@link TimeOfDayProfile}: the reading against the usual
 *       readings of its hour of day) and a <i>steady drift</i> (the means of the last {@value
 *       #DRIFT_BLOCKS} blocks of {@value #DRIFT_BLOCK} readings on a line that moves by a good
 *       share of the range) each give binary events with their own likelihood; when any of these
 *       likelihoods is full, the score is 1.
 *   <li><b>Spatial anomaly</b> (Numenta's): a reading beyond everything seen so far by more than
 *       the spatial tolerance scores 1.
 *   <li><b>Quiet period</b>: after the score reaches the alert level, it is damped for a while, so
 *       that an incident alerts once; a full score some time after the alert breaks through.
 * </ol>
 *
 * <p>The state is a few hundred bytes to a few KiB (prototypes are kept as 16-bit fixed point so
 * that {@link #toBytes()} is exact), and bounded by the parameters.
 */
public final class ContextNoveltyDetector implements AnomalyModel {

  private static final byte FORMAT = 3;
  private static final byte FORMAT_OF_VERSION_1_2 = 1;
  private static final byte FORMAT_OF_VERSION_1_3 = 2;
  private static final double QUIET_DAMPING = 0.25;
  private static final double RARE = 1e-3;
  private static final double FULL_SCORE = 0.999;

  /** Readings whose mean is compared with the rest of the history for a level shift. */
  static final int SHIFT_SPAN = 8;

  /** A level shift of more than this many standard deviations of the rest is an event. */
  private static final double SHIFT_LEVEL = 9;

  /** Readings averaged into one point of the drift's line (at most the history's length). */
  static final int DRIFT_BLOCK = 16;

  /** Block means a drift's line is fitted to: it spans {@code DRIFT_BLOCK * DRIFT_BLOCKS}. */
  static final int DRIFT_BLOCKS = 16;

  /** A drift's line explains more than this share of the block means' variance (R squared). */
  private static final double DRIFT_FIT = 0.97;

  /** A drift's line moves by more than this share of the observed range over its span. */
  private static final double DRIFT_CHANGE = 0.15;

  /** Least spread (a share of the observed range) the second signals divide by. */
  private static final double MIN_SPREAD = 0.01;

  private final DetectorParameters p;
  private final int span;
  private final int warmUp;

  private long readings;
  private double min;
  private double max;
  private final float[] history;
  private final ContextMemory fine;
  private final ContextMemory coarse; // null when coarsePool is 0
  private final int coarseSpan;
  private final AnomalyLikelihood likelihood;
  private long lastAlert = Long.MIN_VALUE / 2;
  private final AnomalyLikelihood shiftLikelihood;
  private final AnomalyLikelihood dayLikelihood;
  private final TimeOfDayProfile timeOfDay = new TimeOfDayProfile();
  private final float[] blockMeans = new float[DRIFT_BLOCKS]; // ring, by block number
  private final AnomalyLikelihood driftLikelihood;

  // What the last reading was judged on, put into words only when reasons() is asked for.
  private transient float lastReading;
  private transient double recentLow = Double.NaN; // NaN: no recent readings to compare with
  private transient double recentHigh;
  private transient double shiftedMean;
  private transient double shiftedFrom;
  private transient boolean shiftCertain;
  private transient boolean hourCertain;
  private transient boolean driftCertain;
  private transient double driftFrom;
  private transient double driftTo;

  /** A fresh model that has seen nothing. */
  public ContextNoveltyDetector(DetectorParameters parameters) {
    this.p = Objects.requireNonNull(parameters, "parameters");
    this.span = p.window() * p.pool();
    this.warmUp = Math.max(span, p.history()) * 2;
    this.coarseSpan = p.window() * p.pool() * p.coarsePool();
    this.history = new float[Math.max(p.history(), Math.max(span, coarseSpan))];
    this.fine = new ContextMemory(p.prototypes(), p.window(), p.vigilance(), p.learningRate());
    this.coarse =
        p.coarsePool() == 0
            ? null
            : new ContextMemory(p.prototypes(), p.window(), p.coarseVigilance(), p.learningRate());
    this.likelihood = AnomalyLikelihood.ofScores(p.shortWindow(), p.longWindow());
    this.shiftLikelihood = AnomalyLikelihood.ofEvents(p.shortWindow(), p.longWindow());
    this.dayLikelihood = AnomalyLikelihood.ofEvents(p.shortWindow(), p.longWindow());
    this.driftLikelihood = AnomalyLikelihood.ofEvents(p.shortWindow(), p.longWindow());
  }

  /** The parameters last fingerprinted, and their fingerprint. */
  private record Fingerprinted(DetectorParameters parameters, int fingerprint) {}

  private static volatile Fingerprinted lastFingerprinted;

  /**
   * {@link DetectorParameters#fingerprint()}, hashed once per parameters rather than twice per
   * reading: every model of a scorer shares the same parameters object.
   */
  private static int fingerprintOf(DetectorParameters parameters) {
    Fingerprinted last = lastFingerprinted;
    if (last == null || last.parameters() != parameters) {
      last = new Fingerprinted(parameters, parameters.fingerprint());
      lastFingerprinted = last;
    }
    return last.fingerprint();
  }

  /**
   * The model whose {@link #toBytes()} gave {@code bytes}; a fresh model when the bytes were
   * written with other parameters (a new model version starts learning again).
   *
   * @throws IllegalArgumentException when the bytes are not a model state
   */
  public static ContextNoveltyDetector fromBytes(DetectorParameters parameters, byte[] bytes) {
    ContextNoveltyDetector model = new ContextNoveltyDetector(parameters);
    // a ByteBuffer reads the same big-endian layout DataInputStream would, without a call per byte
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      byte format = in.get();
      if (format == FORMAT_OF_VERSION_1_2 || format == FORMAT_OF_VERSION_1_3) {
        return model; // learned by an earlier detector: learn again, as for new parameters
      }
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown model state format " + format);
      }
      if (in.getInt() != fingerprintOf(parameters)) {
        return model;
      }
      model.readings = in.getLong();
      model.min = in.getDouble();
      model.max = in.getDouble();
      int kept = (int) Math.min(model.readings, model.history.length);
      in.asFloatBuffer().get(model.history, 0, kept);
      in.position(in.position() + Float.BYTES * kept);
      model.likelihood.read(in, model.readings);
      model.lastAlert = in.getLong();
      model.shiftLikelihood.read(in, model.readings);
      model.dayLikelihood.read(in, model.readings);
      model.timeOfDay.read(in);
      int blocks = blocksKept(model.readings);
      in.asFloatBuffer().get(model.blockMeans, 0, blocks);
      in.position(in.position() + Float.BYTES * blocks);
      model.driftLikelihood.read(in, model.readings);
      model.fine.read(in, model.readings);
      if (model.coarse != null) {
        model.coarse.read(in, model.readings);
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException("model state has " + in.remaining() + " extra bytes");
      }
      return model;
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("model state is truncated", e);
    }
  }

  @Override
  public byte[] toBytes() {
    int kept = (int) Math.min(readings, history.length);
    int size =
        1
            + Integer.BYTES
            + Long.BYTES
            + 2 * Double.BYTES
            + Float.BYTES * kept
            + likelihood.serializedSize(readings)
            + Long.BYTES
            + shiftLikelihood.serializedSize(readings)
            + dayLikelihood.serializedSize(readings)
            + TimeOfDayProfile.serializedSize()
            + Float.BYTES * blocksKept(readings)
            + driftLikelihood.serializedSize(readings)
            + fine.serializedSize()
            + (coarse == null ? 0 : coarse.serializedSize());
    ByteBuffer out = ByteBuffer.allocate(size);
    out.put(FORMAT);
    out.putInt(fingerprintOf(p));
    out.putLong(readings);
    out.putDouble(min);
    out.putDouble(max);
    out.asFloatBuffer().put(history, 0, kept);
    out.position(out.position() + Float.BYTES * kept);
    likelihood.write(out, readings);
    out.putLong(lastAlert);
    shiftLikelihood.write(out, readings);
    dayLikelihood.write(out, readings);
    timeOfDay.write(out);
    out.asFloatBuffer().put(blockMeans, 0, blocksKept(readings));
    out.position(out.position() + Float.BYTES * blocksKept(readings));
    driftLikelihood.write(out, readings);
    fine.write(out, readings);
    if (coarse != null) {
      coarse.write(out, readings);
    }
    return out.array();
  }

  /** Block means written after {@code readings}: the first blocks fill the ring in order. */
  private static int blocksKept(long readings) {
    return (int) Math.min(readings / DRIFT_BLOCK, DRIFT_BLOCKS);
  }

  @Override
  public long readings() {
    return readings;
  }

  @Override
  public List<String> reasons() {
    List<String> reasons = new ArrayList<>(2);
    if (lastReading > recentHigh) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "value %s above recent range %s-%s",
              num(lastReading),
              num(recentLow),
              num(recentHigh)));
    } else if (lastReading < recentLow) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "value %s below recent range %s-%s",
              num(lastReading),
              num(recentLow),
              num(recentHigh)));
    }
    if (shiftCertain) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "level shift: last %d readings average %s, before %s",
              SHIFT_SPAN,
              num(shiftedMean),
              num(shiftedFrom)));
    }
    if (driftCertain) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "steady drift: from about %s to %s over the last %d readings",
              num(driftFrom),
              num(driftTo),
              DRIFT_BLOCK * DRIFT_BLOCKS));
    }
    if (hourCertain) {
      reasons.add(
          String.format(
              Locale.ROOT,
              "value %s unusual for %02d:00-%02d:59 UTC (usually about %s)",
              num(lastReading),
              timeOfDay.lastHour(),
              timeOfDay.lastHour(),
              num(timeOfDay.lastUsual())));
    }
    if (reasons.isEmpty() && !Double.isNaN(recentLow)) {
      reasons.add("pattern change");
    }
    return reasons;
  }

  @Override
  public double score(long timestampMillis, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be a finite number, got " + value);
    }
    // The model keeps floats: a finite double beyond their range saturates instead of becoming
    // infinite (which would turn every later computation into NaN).
    float reading = (float) Math.clamp(value, -Float.MAX_VALUE, Float.MAX_VALUE);
    rememberRecentRange(reading); // before rarity(), which skips the density inside that range
    double rarity = readings >= 2 ? rarity(reading) : 0;
    double shift = levelShift(reading);
    double offDay = timeOfDay.outlier(timestampMillis, reading, MIN_SPREAD * (max - min));
    boolean outside = outsideRange(reading);
    widenRange(reading);
    history[(int) (readings % history.length)] = reading;
    readings++;
    double drift = drift();
    double novelty = novelty();
    double raw = (1 - p.densityWeight()) * novelty + p.densityWeight() * rarity;
    double score = likelihood.next(raw, readings, warmUp);
    shiftCertain = shiftLikelihood.next(shift, readings, warmUp) >= FULL_SCORE;
    hourCertain = dayLikelihood.next(offDay, readings, warmUp) >= FULL_SCORE;
    driftCertain = driftLikelihood.next(drift, readings, warmUp) >= FULL_SCORE;
    if (shiftCertain || hourCertain || driftCertain) {
      // a certain level shift, time-of-day outlier or drift, whatever the contexts say
      score = 1;
    }
    if (outside && readings > warmUp) {
      score = Math.max(score, 1.0);
    }
    if (breaksThrough(score)) {
      lastAlert = readings;
    } else if (readings - lastAlert <= p.quietAfterAlert()) {
      score *= QUIET_DAMPING;
    } else if (score >= p.alertLevel()) {
      lastAlert = readings;
    }
    return score;
  }

  /** A full score some time after the last alert is a new incident, not an echo of that alert. */
  private boolean breaksThrough(double score) {
    return p.breakThroughAfter() > 0
        && score >= FULL_SCORE
        && readings - lastAlert > p.breakThroughAfter();
  }

  /** Two-sided tail probability of the reading under the recent history's density, as 1 - p. */
  private double rarity(float reading) {
    int kept = (int) Math.min(readings, history.length);
    // Within the recent range, each tail holds at least half a kernel of the n readings (the
    // nearest reading on that side), so the two-sided tail is at least 1/n: never rare while
    // 1/n > RARE. This saves fitting the density for most readings.
    if (kept * RARE < 1 && reading >= recentLow && reading <= recentHigh) {
      return 0;
    }
    double[] recent = new double[kept];
    double first = history[0];
    boolean flat = true;
    for (int i = 0; i < kept; i++) {
      recent[i] = history[i];
      flat &= recent[i] == first;
    }
    if (flat) {
      return reading == first ? 0 : 1;
    }
    KernelDensity density = new KernelDensity(recent);
    double cdf = density.cdf(reading);
    return 2 * Math.min(cdf, 1 - cdf) < RARE ? 1 : 0;
  }

  /**
   * 1 when the mean of the last {@link #SHIFT_SPAN} readings (this one included) is more than
   * {@link #SHIFT_LEVEL} standard deviations of the rest of the history away from the rest's mean.
   * Called before the reading enters the history.
   */
  private double levelShift(float reading) {
    int kept = (int) Math.min(readings, history.length);
    if (kept < SHIFT_SPAN + 8) {
      return 0;
    }
    double recent = reading;
    for (int age = 0; age < SHIFT_SPAN - 1; age++) {
      recent += stored(age);
    }
    recent /= SHIFT_SPAN;
    int rest = kept - (SHIFT_SPAN - 1);
    double mean = 0;
    for (int age = SHIFT_SPAN - 1; age < kept; age++) {
      mean += stored(age);
    }
    mean /= rest;
    double squares = 0;
    for (int age = SHIFT_SPAN - 1; age < kept; age++) {
      double d = stored(age) - mean;
      squares += d * d;
    }
    double sd = Math.max(Math.sqrt(squares / rest), MIN_SPREAD * (max - min));
    shiftedMean = recent;
    shiftedFrom = mean;
    return sd > 0 && Math.abs(recent - mean) > SHIFT_LEVEL * sd ? 1 : 0;
  }

  /**
   * 1 when the last {@value #DRIFT_BLOCKS} means of {@value #DRIFT_BLOCK} readings lie on a line
   * (it explains more than {@link #DRIFT_FIT} of their variance) that moves by more than {@link
   * #DRIFT_CHANGE} of the observed range: a slow, steady drift, too gradual for the contexts and
   * the level shift. Called after the reading entered the history, which holds the last block.
   */
  private double drift() {
    if (readings % DRIFT_BLOCK == 0) {
      double sum = 0;
      for (int age = 0; age < DRIFT_BLOCK; age++) {
        sum += stored(age);
      }
      blockMeans[(int) ((readings / DRIFT_BLOCK - 1) % DRIFT_BLOCKS)] = (float) (sum / DRIFT_BLOCK);
    }
    long blocks = readings / DRIFT_BLOCK;
    double range = max - min;
    if (blocks < DRIFT_BLOCKS || range <= 0) {
      return 0;
    }
    double mx = (DRIFT_BLOCKS - 1) / 2.0;
    double my = 0;
    for (float m : blockMeans) {
      my += m;
    }
    my /= DRIFT_BLOCKS;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int j = 0; j < DRIFT_BLOCKS; j++) {
      double dx = j - mx;
      double dy = blockMeans[(int) ((blocks - DRIFT_BLOCKS + j) % DRIFT_BLOCKS)] - my;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    if (syy <= 0) {
      return 0;
    }
    double fit = sxy * sxy / (sxx * syy);
    double slope = sxy / sxx;
    driftFrom = my - slope * mx;
    driftTo = my + slope * mx;
    return fit > DRIFT_FIT && Math.abs(driftTo - driftFrom) > DRIFT_CHANGE * range ? 1 : 0;
  }

  /** The reading {@code age} steps before the newest stored one (0 is the newest). */
  private double stored(int age) {
    return history[(int) ((readings - 1 - age) % history.length)];
  }

  /** 1 when the current context is new at either time scale (learning from it), else 0. */
  private double novelty() {
    boolean isNew = readings >= span && fine.isNew(context(p.pool()), readings);
    if (coarse != null && readings >= coarseSpan) {
      isNew |= coarse.isNew(context(p.pool() * p.coarsePool()), readings);
    }
    return isNew ? 1 : 0;
  }

  /**
   * The last {@code window * pool} readings scaled to [0, 1] and averaged in groups of {@code
   * pool}.
   */
  private double[] context(int pool) {
    double[] context = new double[p.window()];
    double range = max - min;
    for (int j = 0; j < p.window(); j++) {
      double sum = 0;
      for (int i = 0; i < pool; i++) {
        long age = (long) (p.window() - 1 - j) * pool + i; // 0 is the newest reading
        sum += history[(int) ((readings - 1 - age) % history.length)];
      }
      double mean = sum / pool;
      context[j] = range > 0 ? (mean - min) / range : 0.5;
    }
    return context;
  }

  /** Extends the observed range to the reading, re-expressing the prototypes in the new range. */
  /**
   * Numenta's spatial anomaly: a reading beyond everything seen so far by more than the tolerance
   * (a share of the observed range) is anomalous whatever its context.
   */
  private boolean outsideRange(float reading) {
    if (readings == 0 || p.spatialTolerance() <= 0) {
      return false;
    }
    double margin = (max - min) * p.spatialTolerance();
    return reading > max + margin || reading < min - margin;
  }

  private void widenRange(float reading) {
    if (readings == 0) {
      min = reading;
      max = reading;
      return;
    }
    if (reading >= min && reading <= max) {
      return;
    }
    double oldMin = min;
    double oldMax = max;
    min = Math.min(min, reading);
    max = Math.max(max, reading);
    fine.rescale(oldMin, oldMax, min, max);
    if (coarse != null) {
      coarse.rescale(oldMin, oldMax, min, max);
    }
  }

  private void rememberRecentRange(float reading) {
    lastReading = reading;
    int kept = (int) Math.min(readings, history.length);
    if (kept == 0) {
      recentLow = Double.NaN;
      recentHigh = Double.NaN;
      return;
    }
    double low = Double.MAX_VALUE;
    double high = -Double.MAX_VALUE;
    for (int i = 0; i < kept; i++) {
      low = Math.min(low, history[i]);
      high = Math.max(high, history[i]);
    }
    recentLow = low;
    recentHigh = high;
  }

  private static String num(double value) {
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
