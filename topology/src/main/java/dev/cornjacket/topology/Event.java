package dev.cornjacket.topology;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

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
 * @param scores anomaly score in [0, 1] of each scored metric, by metric name; empty until the
 *     anomaly scorer has seen the event (and for event types it does not score)
 * @param ingest how the platform received the event; {@code null} for events built outside the
 *     pipeline (tests, replay of plain event files)
 */
public record Event(
    String eventId,
    String deviceId,
    EventType type,
    Instant ts,
    Map<String, Double> metrics,
    Map<String, String> attrs,
    Map<String, Double> scores,
    Ingest ingest) {

  /**
   * Where and when a front end received the event, copied from its {@link RawEnvelope}.
   *
   * @param receivedAt the front end's clock when the event was accepted
   * @param source the front end, {@link RawEnvelope#SOURCE_HTTP} or {@link RawEnvelope#SOURCE_MQTT}
   * @param principal who sent it (the authenticated subject, or {@link RawEnvelope#ANONYMOUS})
   */
  public record Ingest(Instant receivedAt, String source, String principal) {
    public Ingest {
      Objects.requireNonNull(receivedAt, "receivedAt");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(principal, "principal");
    }

    /** The ingest information of {@code envelope}. */
    public static Ingest of(RawEnvelope envelope) {
      return new Ingest(envelope.receivedAt(), envelope.source(), envelope.principal());
    }
  }

  public Event {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(ts, "ts");
    metrics = orderedCopy(metrics, "metrics");
    attrs = orderedCopy(attrs, "attrs");
    scores = orderedCopy(scores, "scores");
  }

  /** An event as a device sent it: not scored, no ingest information yet. */
  public Event(
      String eventId,
      String deviceId,
      EventType type,
      Instant ts,
      Map<String, Double> metrics,
      Map<String, String> attrs) {
    this(eventId, deviceId, type, ts, metrics, attrs, Map.of(), null);
  }

  /** This event with its ingest information. */
  public Event withIngest(Ingest newIngest) {
    return new Event(eventId, deviceId, type, ts, metrics, attrs, scores, newIngest);
  }

  /** This event with the anomaly scores of its metrics. */
  public Event withScores(Map<String, Double> newScores) {
    return new Event(eventId, deviceId, type, ts, metrics, attrs, newScores, ingest);
  }

  // Map.copyOf would lose the order and accept nothing but its own null checks. A map this record
  // froze before is taken as it is: withIngest and withScores run on every event of the pipeline.
  private static <V> Map<String, V> orderedCopy(Map<String, V> map, String name) {
    Objects.requireNonNull(map, name);
    if (map instanceof FrozenMap<V> frozen) {
      return frozen;
    }
    if (map.isEmpty()) {
      return Map.of();
    }
    Map<String, V> copy = new LinkedHashMap<>(map);
    copy.forEach(
        (key, value) -> {
          Objects.requireNonNull(key, () -> name + " must not contain a null name");
          Objects.requireNonNull(value, () -> name + "." + key + " must not be null");
        });
    return new FrozenMap<>(copy);
  }

  /**
   * {@code owned} as this record keeps its maps, without copying it: for a reader that built the
   * map, checked it has no null name or value, and never touches it again.
   */
  static <V> Map<String, V> adopt(Map<String, V> owned) {
    return owned.isEmpty() ? Map.of() : new FrozenMap<>(owned);
  }

  /** An unmodifiable map in insertion order that only this record creates. */
  private static final class FrozenMap<V> extends AbstractMap<String, V> {
    private final Map<String, V> entries;

    FrozenMap(Map<String, V> owned) {
      this.entries = Collections.unmodifiableMap(owned);
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
      return entries.entrySet();
    }

    @Override
    public V get(Object key) {
      return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(key);
    }

    // AbstractMap's views would walk entrySet() and wrap every entry on each iteration
    @Override
    public Set<String> keySet() {
      return entries.keySet();
    }

    @Override
    public Collection<V> values() {
      return entries.values();
    }

    @Override
    public int size() {
      return entries.size();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super V> action) {
      entries.forEach(action);
    }
  }
}
