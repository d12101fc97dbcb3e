package dev.cornjacket.topology;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A validated event (DESIGN.md "Event (contract)"). Build one with {@link EventValidator}; this
 * record only checks for nulls, the validator checks the contract.
 *
 * <p>The maps are unmodifiable copies that keep the order of the input, so an event written back to
 * JSON lists its metrics and attributes as the device sent them.
 *
 * @param eventId the client's id, or {@code null} when the client sent none (front ends assign one
 *     in the {@link RawEnvelope} before validating, so only direct callers see {@code null})
 * @param deviceId the device, also the Kafka key
 * @param type the kind of event
 * @param ts when the event happened, by the device's clock
 * @param metrics finite numbers by name; empty when absent
 * @param attrs strings by name; empty when absent
 */
public record Event(
    String eventId,
    String deviceId,
    EventType type,
    Instant ts,
    Map<String, Double> metrics,
    Map<String, String> attrs) {

  public Event {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(ts, "ts");
    metrics = orderedCopy(metrics, "metrics");
    attrs = orderedCopy(attrs, "attrs");
  }

  // Map.copyOf would lose the order and accept nothing but its own null checks.
  private static <V> Map<String, V> orderedCopy(Map<String, V> map, String name) {
    Objects.requireNonNull(map, name);
    Map<String, V> copy = new LinkedHashMap<>(map);
    copy.forEach(
        (key, value) -> {
          Objects.requireNonNull(key, () -> name + " must not contain a null name");
          Objects.requireNonNull(value, () -> name + "." + key + " must not be null");
        });
    return Collections.unmodifiableMap(copy);
  }
}
