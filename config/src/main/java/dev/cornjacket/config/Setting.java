package dev.cornjacket.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration setting, declared once: its environment variable, type, default, validation and
 * a one-line description. The properties-file key is derived from the variable name ({@code
 * CORNJACKET_HTTP_PORT} is {@code http.port}).
 *
 * @param env the environment variable, {@code CORNJACKET_<AREA>_<NAME>}
 * @param description one line for {@code cornjacket config} and the README
 * @param defaultValue the raw default, or {@code null} when the setting is unset by default
 * @param type parses and validates a raw value
 * @param secret whether the value is masked wherever it is shown
 * @param <T> the parsed type
 */
public record Setting<T>(
    String env, String description, String defaultValue, ValueType<T> type, boolean secret) {

  private static final String PREFIX = "CORNJACKET_";

  public Setting {
    Objects.requireNonNull(env, "env");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(type, "type");
    if (!env.startsWith(PREFIX) || !env.matches("[A-Z0-9_]+")) {
      throw new IllegalArgumentException(
          "env must be an upper-case name starting with " + PREFIX + ": " + env);
    }
  }

  /** A plain setting with a default ({@code null} for "unset unless configured"). */
  public static <T> Setting<T> of(
      String env, ValueType<T> type, String defaultValue, String description) {
    return new Setting<>(env, description, defaultValue, type, false);
  }

  /** A setting whose value is masked in every output. */
  public static <T> Setting<T> secret(String env, ValueType<T> type, String description) {
    return new Setting<>(env, description, null, type, true);
  }

  /** The key of this setting in a properties file: {@code CORNJACKET_HTTP_PORT -> http.port}. */
  public String propertyKey() {
    return env.substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** Shows a raw value the way it may be printed: masked for secrets. */
  public String display(String rawValue) {
    if (rawValue == null) {
      return "(unset)";
    }
    return secret ? "****" : rawValue;
  }
}
