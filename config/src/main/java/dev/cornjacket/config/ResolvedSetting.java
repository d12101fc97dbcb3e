package dev.cornjacket.config;

/**
 * A setting with its effective raw value and where that value came from; what {@code cornjacket
 * config} prints.
 */
public record ResolvedSetting(Setting<?> setting, String rawValue, Source source) {

  /** The value as it may be shown: secrets masked, unset values marked. */
  public String displayValue() {
    return setting.display(rawValue);
  }
}
