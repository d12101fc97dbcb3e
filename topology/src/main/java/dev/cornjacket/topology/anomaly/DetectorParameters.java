package dev.cornjacket.topology.anomaly;

import java.util.Objects;

/**
 * The parameters of {@link ContextNoveltyDetector}, one set for every device and metric, with the
 * version that is published to the models topic and written into every anomaly.
 *
 * @param model the detector's name, the key in the models topic
 * @param version changes whenever any parameter changes
 * @param window number of features in a context (a shingle of recent readings)
 * @param pool readings averaged into one feature: a context spans {@code window * pool} readings
 * @param prototypes most contexts remembered; the least recently matched one is forgotten first
 * @param vigilance mean distance (in units of the metric's observed range) above which a context is
 *     new rather than a variant of a remembered one
 * @param learningRate how far a matched prototype moves towards the context
 * @param history recent readings kept for the kernel density of values
 * @param densityWeight weight of the value's tail probability under the kernel density against the
 *     context novelty, in [0, 1]
 * @param shortWindow readings averaged into the short-term raw score
 * @param longWindow readings the long-term distribution of short-term raw scores spans
 * @param quietAfterAlert readings after an alert during which the score is damped, so that one
 *     incident is reported once
 * @param alertLevel the score at which the detector considers it has alerted (starts the quiet
 *     period)
 * @param coarsePool a second, coarser context averages {@code pool * coarsePool} readings per
 *     feature (slower pattern changes); 0 turns it off
 * @param coarseVigilance the vigilance of the coarse contexts
 * @param spatialTolerance a reading beyond the observed range by more than this share of the range
 *     scores 1 at once; 0 turns it off
 * @param breakThroughAfter readings after an alert from which a full score (1) breaks through the
 *     quiet period and alerts again, so that a strong incident right after a weak alert is not
 *     missed; 0 turns it off
 */
public record DetectorParameters(
    String model,
    String version,
    int window,
    int pool,
    int prototypes,
    double vigilance,
    double learningRate,
    int history,
    double densityWeight,
    int shortWindow,
    int longWindow,
    int quietAfterAlert,
    double alertLevel,
    int coarsePool,
    double coarseVigilance,
    double spatialTolerance,
    int breakThroughAfter) {

  /** The parameters calibrated on the NAB development files. */
  public static final DetectorParameters DEFAULTS =
      new DetectorParameters(
          "context-novelty",
          "1.4.0",
          4, // window
          2, // pool
          64, // prototypes
          0.12, // vigilance
          0.05, // learningRate
          64, // history
          0.6, // densityWeight
          10, // shortWindow
          1000, // longWindow
          300, // quietAfterAlert
          0.5, // alertLevel
          8, // coarsePool
          0.06, // coarseVigilance
          0.1, // spatialTolerance
          50 /* breakThroughAfter */);

  public DetectorParameters {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(version, "version");
    positive("window", window);
    positive("pool", pool);
    positive("prototypes", prototypes);
    positive("history", history);
    positive("shortWindow", shortWindow);
    positive("longWindow", longWindow);
    if (quietAfterAlert < 0) {
      throw new IllegalArgumentException("quietAfterAlert must be >= 0, got " + quietAfterAlert);
    }
    unit("vigilance", vigilance);
    unit("learningRate", learningRate);
    unit("densityWeight", densityWeight);
    unit("alertLevel", alertLevel);
    unit("spatialTolerance", spatialTolerance);
    unit("coarseVigilance", coarseVigilance);
    if (breakThroughAfter < 0) {
      throw new IllegalArgumentException(
          "breakThroughAfter must be >= 0, got " + breakThroughAfter);
    }
    if (coarsePool < 0) {
      throw new IllegalArgumentException("coarsePool must be >= 0, got " + coarsePool);
    }
  }

  /**
   * A hash of every parameter, stable across JVMs: written into model states so that a state
   * learned with other parameters is not read with these.
   */
  public int fingerprint() {
    return Objects.hash(
        model,
        version,
        window,
        pool,
        prototypes,
        vigilance,
        learningRate,
        history,
        densityWeight,
        shortWindow,
        longWindow,
        quietAfterAlert,
        alertLevel,
        coarsePool,
        coarseVigilance,
        spatialTolerance,
        breakThroughAfter);
  }

  private static void positive(String name, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + value);
    }
  }

  private static void unit(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
    }
  }
}
