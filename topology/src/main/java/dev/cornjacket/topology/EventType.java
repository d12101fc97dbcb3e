package dev.cornjacket.topology;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The kind of an event; decides its output topic. On the wire (the {@code type} field) each
 * constant is written in lower snake case: {@code sensor}, {@code user_action}, {@code system}.
 */
public enum EventType {
  SENSOR,
  USER_ACTION,
  SYSTEM;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  /** The name used in JSON, for example {@code "user_action"}. */
  public String wireName() {
    return wireName;
  }

  /**
   * The type with this wire name; matching is exact (case-sensitive), so {@code "Sensor"} is not a
   * type.
   */
  public static Optional<EventType> fromWireName(String wireName) {
    Objects.requireNonNull(wireName, "wireName");
    for (EventType type : values()) {
      if (type.wireName.equals(wireName)) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }
}
