package dev.cornjacket.topology.alert;

import java.util.Locale;
import java.util.Objects;

/**
 * How bad an alert is, from its anomaly score: {@code critical} at {@value #CRITICAL_SCORE} and
 * above, {@code major} at {@value #MAJOR_SCORE} and above, else {@code warning}. Ordered: a rule's
 * minimum severity matches that severity and the worse ones.
 */
public enum Severity {
  WARNING,
  MAJOR,
  CRITICAL;

  /** Scores from this up are {@link #MAJOR}. */
  public static final double MAJOR_SCORE = 0.8;

  /** Scores from this up are {@link #CRITICAL}. */
  public static final double CRITICAL_SCORE = 0.95;

  /** The severity of an anomaly score. */
  public static Severity ofScore(double score) {
    if (score >= CRITICAL_SCORE) {
      return CRITICAL;
    }
    return score >= MAJOR_SCORE ? MAJOR : WARNING;
  }

  /** The severity named {@code name} ({@code warning}, {@code major}, {@code critical}). */
  public static Severity of(String name) {
    Objects.requireNonNull(name, "name");
    for (Severity severity : values()) {
      if (severity.wireName().equals(name)) {
        return severity;
      }
    }
    throw new IllegalArgumentException(
        "severity must be warning, major or critical, got '" + name + "'");
  }

  /** The name in JSON and configuration, lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
