package dev.cornjacket.config;

import java.util.List;

/**
 * A valid configuration with the provenance of every setting and the warnings found on the way
 * (such as an unknown {@code CORNJACKET_} variable, most likely a typo).
 */
public record LoadedConfig(
    CornjacketConfig config, List<ResolvedSetting> settings, List<String> warnings) {

  public LoadedConfig {
    settings = List.copyOf(settings);
    warnings = List.copyOf(warnings);
  }
}
