package dev.cornjacket.config;

import java.util.Objects;

/** A secret value: {@link #toString()} never shows it, so records holding one print safely. */
public record Secret(String value) {

  public Secret {
    Objects.requireNonNull(value, "value");
  }

  public static ValueType<Secret> type() {
    return new ValueType<>("secret", Secret::new);
  }

  @Override
  public String toString() {
    return "****";
  }
}
