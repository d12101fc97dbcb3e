package dev.cornjacket.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed values out of the merged raw values, remembering where each came from and collecting
 * every problem instead of stopping at the first, so that start-up can list them all.
 */
final class SettingsReader {

  private final Map<String, String> raw;
  private final Map<String, Source> sources;
  private final List<String> problems = new ArrayList<>();
  private final Map<Setting<?>, ResolvedSetting> resolved = new LinkedHashMap<>();

  SettingsReader(Map<String, String> raw, Map<String, Source> sources) {
    this.raw = raw;
    this.sources = sources;
  }

  /** The value of a setting that has a default; {@code null} only when it was invalid. */
  <T> T get(Setting<T> setting) {
    return optional(setting).orElse(null);
  }

  /** The value of a setting, empty when neither configured nor defaulted (or invalid). */
  <T> Optional<T> optional(Setting<T> setting) {
    String value = raw.get(setting.env());
    Source source = sources.getOrDefault(setting.env(), Source.DEFAULT);
    if (value == null || value.isBlank()) {
      value = setting.defaultValue();
      source = Source.DEFAULT;
    }
    resolved.put(setting, new ResolvedSetting(setting, value, source));
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(setting.type().parse(value));
    } catch (IllegalArgumentException | ArithmeticException e) {
      problems.add(
          setting.env() + ": '" + setting.display(value) + "' " + reasonOf(e, setting.type()));
      return Optional.empty();
    }
  }

  void problem(String message) {
    problems.add(message);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  List<ResolvedSetting> resolved() {
    return List.copyOf(resolved.values());
  }

  private static String reasonOf(RuntimeException e, ValueType<?> type) {
    if (e instanceof ArithmeticException) {
      return "is too large";
    }
    return e.getMessage() != null ? e.getMessage() : "is not a valid " + type.name();
  }
}
