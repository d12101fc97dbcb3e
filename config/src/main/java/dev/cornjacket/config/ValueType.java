package dev.cornjacket.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How a raw configuration string becomes a typed value. A parse failure throws {@link
 * IllegalArgumentException} whose message completes the sentence "{@code CORNJACKET_X: 'raw' ...}",
 * e.g. "is not a port number".
 *
 * @param name the type as shown in docs ("port", "duration", ...)
 * @param parser the conversion, throwing {@link IllegalArgumentException} with a reason
 * @param <T> the parsed type
 */
public record ValueType<T>(String name, Function<String, T> parser) {

  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB|KB|MB|GB)?");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  public ValueType {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parser, "parser");
  }

  /** Parses a raw value, throwing {@link IllegalArgumentException} with the reason. */
  public T parse(String raw) {
    return parser.apply(raw.strip());
  }

  public static ValueType<String> string() {
    return new ValueType<>("string", raw -> raw);
  }

  public static ValueType<Integer> port() {
    return new ValueType<>(
        "port",
        raw -> {
          int value = integer(raw, "is not a port number");
          if (value < 0 || value > 65_535) {
            throw new IllegalArgumentException("is not a port number (0-65535)");
          }
          return value;
        });
  }

  public static ValueType<Integer> intRange(int min, int max) {
    return new ValueType<>(
        "integer " + min + ".." + max,
        raw -> {
          int value = integer(raw, "is not an integer");
          if (value < min || value > max) {
            throw new IllegalArgumentException("is out of range " + min + ".." + max);
          }
          return value;
        });
  }

  /** Sizes such as {@code 4MiB}, {@code 512KiB}, {@code 1048576} (bytes). */
  public static ValueType<Long> byteSize() {
    return new ValueType<>(
        "size",
        raw -> {
          Matcher m = SIZE.matcher(raw);
          if (!m.matches()) {
            throw new IllegalArgumentException("is not a size (examples: 4MiB, 512KiB, 1048576)");
          }
          long number = Long.parseLong(m.group(1));
          String unit = m.group(2) == null ? "B" : m.group(2);
          long factor =
              switch (unit) {
                case "KiB" -> 1024L;
                case "MiB" -> 1024L * 1024;
                case "GiB" -> 1024L * 1024 * 1024;
                case "KB" -> 1000L;
                case "MB" -> 1000L * 1000;
                case "GB" -> 1000L * 1000 * 1000;
                default -> 1L;
              };
          return Math.multiplyExact(number, factor);
        });
  }

  /**
   * Durations such as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 24h}, {@code 7d} or ISO-8601.
   */
  public static ValueType<Duration> duration() {
    return new ValueType<>(
        "duration",
        raw -> {
          Matcher m = SHORT_DURATION.matcher(raw);
          if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(n);
              case "s" -> Duration.ofSeconds(n);
              case "m" -> Duration.ofMinutes(n);
              case "h" -> Duration.ofHours(n);
              default -> Duration.ofDays(n);
            };
          }
          try {
            return Duration.parse(raw);
          } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                "is not a duration (examples: 500ms, 10s, 5m, 24h, 7d, PT1H)", e);
          }
        });
  }

  /** A URI whose scheme is one of {@code schemes}. */
  public static ValueType<URI> uri(String... schemes) {
    List<String> allowed = List.of(schemes);
    return new ValueType<>(
        "URI (" + String.join("|", allowed) + ")",
        raw -> {
          try {
            URI uri = new URI(raw);
            if (uri.getScheme() == null || !allowed.contains(uri.getScheme())) {
              throw new IllegalArgumentException(
                  "is not a " + String.join(" or ", allowed) + " URL");
            }
            if (uri.getHost() == null || uri.getPort() == -1) {
              throw new IllegalArgumentException("needs a host and a port, e.g. tcp://host:1883");
            }
            return uri;
          } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL", e);
          }
        });
  }

  public static ValueType<String> jdbcUrl() {
    return new ValueType<>(
        "JDBC URL",
        raw -> {
          if (!raw.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException(
                "is not a JDBC URL (expected jdbc:postgresql://host:port/database)");
          }
          return raw;
        });
  }

  /** Kafka bootstrap servers: {@code host:port[,host:port...]}. */
  public static ValueType<String> hostPortList() {
    return new ValueType<>(
        "host:port list",
        raw -> {
          for (String part : raw.split(",")) {
            String hostPort = part.strip();
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1) {
              throw new IllegalArgumentException("is not a list of host:port");
            }
            int port = integer(hostPort.substring(colon + 1), "is not a list of host:port");
            if (port < 1 || port > 65_535) {
              throw new IllegalArgumentException("has an invalid port in '" + hostPort + "'");
            }
          }
          return raw;
        });
  }

  public static ValueType<Path> path() {
    return new ValueType<>(
        "path",
        raw -> {
          try {
            return Path.of(raw);
          } catch (InvalidPathException e) {
            throw new IllegalArgumentException("is not a valid path", e);
          }
        });
  }

  /** A comma-separated, non-empty set of enum constants, written in lower case. */
  public static <E extends Enum<E>> ValueType<Set<E>> enumSet(Class<E> type) {
    String allowed = allowedNames(type);
    return new ValueType<>(
        "set of " + allowed,
        raw -> {
          EnumSet<E> result = EnumSet.noneOf(type);
          for (String part : raw.split(",")) {
            if (!part.isBlank()) {
              result.add(enumValue(type, part.strip(), allowed));
            }
          }
          if (result.isEmpty()) {
            throw new IllegalArgumentException("is empty; allowed: " + allowed);
          }
          return Collections.unmodifiableSet(result); // EnumSet: prints in declaration order
        });
  }

  public static <E extends Enum<E>> ValueType<E> oneOf(Class<E> type) {
    String allowed = allowedNames(type);
    return new ValueType<>(allowed, raw -> enumValue(type, raw, allowed));
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String raw, String allowed) {
    try {
      return Enum.valueOf(type, raw.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not one of " + allowed, e);
    }
  }

  private static <E extends Enum<E>> String allowedNames(Class<E> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> c.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining("|"));
  }

  private static int integer(String raw, String reason) {
    try {
      return Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(reason, e);
    }
  }
}
