package dev.cornjacket.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate limit: at most {@code permits} calls per {@code period}. Written {@code 10/min}, {@code
 * 5/s}, {@code 100/h} or with any duration after the slash ({@code 10/2s}).
 */
public record Rate(int permits, Duration period) {

  private static final Pattern FORM = Pattern.compile("(\\d+)\\s*/\\s*(\\S+)");

  public Rate {
    Objects.requireNonNull(period, "period");
    if (permits < 1 || period.toMillis() < 1) {
      throw new IllegalArgumentException(
          "permits and period must be positive, got " + permits + " per " + period);
    }
  }

  /** Parses {@code 10/min}; throws {@link IllegalArgumentException} with the reason. */
  public static Rate parse(String raw) {
    Matcher m = FORM.matcher(raw.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("is not a rate (examples: 10/min, 5/s, 100/h, 10/2s)");
    }
    int permits;
    try {
      permits = Integer.parseInt(m.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("has too many permits", e);
    }
    Duration period =
        switch (m.group(2)) {
          case "s", "sec" -> Duration.ofSeconds(1);
          case "min" -> Duration.ofMinutes(1);
          case "h" -> Duration.ofHours(1);
          default -> ValueType.duration().parse(m.group(2));
        };
    if (permits < 1 || period.toMillis() < 1) {
      throw new IllegalArgumentException("must allow at least 1 call per positive period");
    }
    return new Rate(permits, period);
  }

  /** The configuration type of rates. */
  public static ValueType<Rate> type() {
    return new ValueType<>("rate (calls/period)", Rate::parse);
  }

  @Override
  public String toString() {
    return permits + "/" + period;
  }
}
