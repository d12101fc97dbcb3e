package dev.cornjacket.app.internal;

import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.TopologyMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The topology's outcome counters as Micrometer meters: {@code cornjacket.events.validated{type}},
 * {@code cornjacket.events.duplicates}, {@code cornjacket.events.dead_lettered{stage,reason}} and
 * {@code cornjacket.anomalies.detected}.
 */
final class MicrometerTopologyMetrics implements TopologyMetrics {

  private final MeterRegistry registry;
  private final Map<EventType, Counter> validated = new EnumMap<>(EventType.class);
  private final Counter duplicates;
  private final Counter lateReadings;
  private final Counter anomaliesNotKept;
  private final Counter alertsRaised;
  private final Counter alertsSuppressed;
  private final Counter anomaliesDetected;

  MicrometerTopologyMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (EventType type : EventType.values()) {
      validated.put(
          type,
          Counter.builder("cornjacket.events.validated")
              .description("Events that passed validation, by type")
              .tag("type", type.wireName())
              .register(registry));
    }
    this.duplicates =
        Counter.builder("cornjacket.events.duplicates")
            .description("Events dropped because their id was seen within the window")
            .register(registry);
    this.lateReadings =
        Counter.builder("cornjacket.rollups.late_readings")
            .description("Readings left out of the rollups because their window had closed")
            .register(registry);
    this.anomaliesNotKept =
        Counter.builder("cornjacket.anomalies.not_kept")
            .description("Anomalies not kept in anomalies-recent: their device had the maximum")
            .register(registry);
    this.alertsRaised =
        Counter.builder("cornjacket.alerts.raised")
            .description("Alerts raised: the first anomaly of a device and type in its window")
            .register(registry);
    this.alertsSuppressed =
        Counter.builder("cornjacket.alerts.suppressed")
            .description("Anomalies not alerted: an alert of their device and type was open")
            .register(registry);
    this.anomaliesDetected =
        Counter.builder("cornjacket.anomalies.detected")
            .description("Readings scored over the threshold and emitted as anomalies")
            .register(registry);
  }

  @Override
  public void alertRaised() {
    alertsRaised.increment();
  }

  @Override
  public void alertSuppressed() {
    alertsSuppressed.increment();
  }

  @Override
  public void anomalyDetected() {
    anomaliesDetected.increment();
  }

  @Override
  public void lateReadingDropped(int readings) {
    lateReadings.increment(readings);
  }

  @Override
  public void anomalyNotKept() {
    anomaliesNotKept.increment();
  }

  @Override
  public void validated(EventType type) {
    validated.get(type).increment();
  }

  @Override
  public void duplicate() {
    duplicates.increment();
  }

  @Override
  public void deadLettered(String stage, String reason) {
    // Micrometer caches meters by name and tags, so looking one up per dead letter is cheap.
    Counter.builder("cornjacket.events.dead_lettered")
        .description("Records sent to the dead-letter topic, by stage and reason")
        .tag("stage", stage)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }
}
