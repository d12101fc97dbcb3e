package dev.cornjacket.config;

import java.util.List;

/**
 * Anomaly scoring of sensor readings.
 *
 * @param threshold readings scoring at least this (in [0, 1]) are published as anomalies;
 *     calibrated on the NAB development files
 * @param probation a new metric's first readings are learned from and scored 0
 * @param enabled whether sensor events are scored at all; when not, they go to the sensor topic
 *     unscored and no anomaly is published
 */
public record AnomalySettings(double threshold, int probation, boolean enabled) {

  /** The defaults of {@link #THRESHOLD}, {@link #PROBATION} and {@link #ENABLED}. */
  public static final AnomalySettings DEFAULTS = new AnomalySettings(0.55, 200, true);

  /** Scoring enabled, with this threshold and probation. */
  public AnomalySettings(double threshold, int probation) {
    this(threshold, probation, true);
  }

  public static final Setting<Boolean> ENABLED =
      Setting.of(
          "CORNJACKET_ANOMALY_ENABLED",
          new ValueType<>("true or false", AnomalySettings::bool),
          "true",
          "Score sensor readings and publish anomalies (false: sensor events pass unscored)");

  public static final Setting<Double> THRESHOLD =
      Setting.of(
          "CORNJACKET_ANOMALY_THRESHOLD",
          new ValueType<>("number in [0, 1]", AnomalySettings::unitNumber),
          String.valueOf(DEFAULTS.threshold()),
          "Anomaly score (0-1) at which a reading is published to the anomalies topic");
  public static final Setting<Integer> PROBATION =
      Setting.of(
          "CORNJACKET_ANOMALY_PROBATION",
          ValueType.intRange(0, 1_000_000),
          String.valueOf(DEFAULTS.probation()),
          "A new metric's first readings: learned from, scored 0, never alerted");

  static final List<Setting<?>> SETTINGS = List.of(ENABLED, THRESHOLD, PROBATION);

  /**
   * @throws IllegalArgumentException when {@code threshold} is not in [0, 1] or {@code probation}
   *     is negative
   */
  public AnomalySettings {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
    if (probation < 0) {
      throw new IllegalArgumentException("probation must be >= 0, got " + probation);
    }
  }

  static AnomalySettings read(SettingsReader r) {
    Double threshold = r.get(THRESHOLD);
    Integer probation = r.get(PROBATION);
    Boolean enabled = r.get(ENABLED);
    return new AnomalySettings(
        threshold == null ? DEFAULTS.threshold() : threshold,
        probation == null ? DEFAULTS.probation() : probation,
        enabled == null ? DEFAULTS.enabled() : enabled);
  }

  private static boolean bool(String raw) {
    return switch (raw.toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("is not true or false");
    };
  }

  private static double unitNumber(String raw) {
    double value;
    try {
      value = Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("is not a number", e);
    }
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException("is not a number in [0, 1]");
    }
    return value;
  }
}
