package dev.cornjacket.topology;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link TopologyMetrics} that keeps counts in memory: for tests and the replay tool's summary.
 * Thread-safe; the getters return snapshots.
 */
public final class CountingTopologyMetrics implements TopologyMetrics {

  private final Map<EventType, LongAdder> validated = new EnumMap<>(EventType.class);
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder lateReadings = new LongAdder();
  private final LongAdder anomaliesNotKept = new LongAdder();
  private final LongAdder alertsRaised = new LongAdder();
  private final LongAdder alertsSuppressed = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> deadLettersByReason =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> deadLettersByStage = new ConcurrentHashMap<>();

  public CountingTopologyMetrics() {
    for (EventType type : EventType.values()) {
      validated.put(type, new LongAdder()); // filled once, read-only afterwards: safe to share
    }
  }

  @Override
  public void validated(EventType type) {
    validated.get(Objects.requireNonNull(type, "type")).increment();
  }

  @Override
  public void duplicate() {
    duplicates.increment();
  }

  @Override
  public void deadLettered(String stage, String reason) {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(reason, "reason");
    deadLettersByReason.computeIfAbsent(reason, key -> new LongAdder()).increment();
    deadLettersByStage.computeIfAbsent(stage, key -> new LongAdder()).increment();
  }

  @Override
  public void lateReadingDropped(int readings) {
    lateReadings.add(readings);
  }

  @Override
  public void anomalyNotKept() {
    anomaliesNotKept.increment();
  }

  @Override
  public void alertRaised() {
    alertsRaised.increment();
  }

  @Override
  public void alertSuppressed() {
    alertsSuppressed.increment();
  }

  /** Alerts raised (first anomaly of a window). */
  public long alertsRaised() {
    return alertsRaised.sum();
  }

  /** Anomalies suppressed because an alert of their device and type was open. */
  public long alertsSuppressed() {
    return alertsSuppressed.sum();
  }

  /** Readings left out of the rollups because their window had closed. */
  public long lateReadings() {
    return lateReadings.sum();
  }

  /** Anomalies not kept in the recent-anomalies store because their device had the maximum. */
  public long anomaliesNotKept() {
    return anomaliesNotKept.sum();
  }

  /** Events that passed validation, duplicates included. */
  public long validated() {
    return validated.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** {@link #validated()} per type, every type present. */
  public Map<EventType, Long> validatedByType() {
    Map<EventType, Long> snapshot = new EnumMap<>(EventType.class);
    validated.forEach((type, count) -> snapshot.put(type, count.sum()));
    return Collections.unmodifiableMap(snapshot);
  }

  /** Valid events dropped as duplicates. */
  public long duplicates() {
    return duplicates.sum();
  }

  /** Valid, new events: sent to the per-type topics. */
  public long routed() {
    return validated() - duplicates();
  }

  /** Records sent to the dead-letter topic, all stages and reasons. */
  public long deadLetters() {
    return deadLettersByReason.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Dead letters per reason code, sorted by code; only reasons that occurred. */
  public Map<String, Long> deadLettersByReason() {
    return snapshot(deadLettersByReason);
  }

  /** Dead letters per stage, sorted by stage; only stages that occurred. */
  public Map<String, Long> deadLettersByStage() {
    return snapshot(deadLettersByStage);
  }

  private static Map<String, Long> snapshot(Map<String, LongAdder> counts) {
    Map<String, Long> snapshot = new TreeMap<>();
    counts.forEach((key, count) -> snapshot.put(key, count.sum()));
    return Collections.unmodifiableMap(snapshot);
  }

  @Override
  public String toString() {
    return "CountingTopologyMetrics[validated="
        + validatedByType()
        + ", duplicates="
        + duplicates()
        + ", deadLetters="
        + deadLettersByReason()
        + "]";
  }
}
