package dev.cornjacket.topology.projection;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.anomaly.Anomaly;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a {@link DeviceLatest} snapshot changes with one event or one anomaly. Events may arrive out
 * of order (device clocks, gateway batches): a metric keeps its newest reading by {@code ts}, and
 * attributes and {@code last_ts} move only forward, so that a late event never hides a newer one.
 */
public final class DeviceLatestUpdates {

  private DeviceLatestUpdates() {}

  /**
   * The snapshot after {@code event}.
   *
   * @param current the snapshot so far, {@code null} for a device not seen before
   * @param now when the update happens (becomes {@code updated_at})
   */
  public static DeviceLatest apply(DeviceLatest current, Event event, Instant now) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(now, "now");
    DeviceLatest base = current == null ? empty(event.deviceId()) : current;
    boolean newest = base.lastTs() == null || !event.ts().isBefore(base.lastTs());

    Map<String, DeviceLatest.MetricReading> metrics = new LinkedHashMap<>(base.metrics());
    event
        .metrics()
        .forEach(
            (name, value) -> {
              DeviceLatest.MetricReading previous = metrics.get(name);
              if (previous == null || !event.ts().isBefore(previous.ts())) {
                metrics.put(
                    name,
                    new DeviceLatest.MetricReading(value, event.ts(), event.scores().get(name)));
              }
            });
    Map<String, String> attrs = new LinkedHashMap<>(base.attrs());
    if (newest) {
      attrs.putAll(event.attrs());
    }
    Map<String, Long> counts = new LinkedHashMap<>(base.counts());
    counts.merge(event.type().wireName(), 1L, Long::sum);
    return new DeviceLatest(
        base.deviceId(),
        newest ? event.ts() : base.lastTs(),
        newest ? event.eventId() : base.lastEventId(),
        now,
        metrics,
        attrs,
        counts,
        base.lastAnomaly());
  }

  /**
   * The snapshot after {@code anomaly}: it becomes the last anomaly unless a newer one is there.
   */
  public static DeviceLatest apply(DeviceLatest current, Anomaly anomaly, Instant now) {
    Objects.requireNonNull(anomaly, "anomaly");
    DeviceLatest base = current == null ? empty(anomaly.deviceId()) : current;
    Anomaly last = base.lastAnomaly();
    Anomaly newLast = last == null || !anomaly.ts().isBefore(last.ts()) ? anomaly : last;
    return new DeviceLatest(
        base.deviceId(),
        base.lastTs(),
        base.lastEventId(),
        now,
        base.metrics(),
        base.attrs(),
        base.counts(),
        newLast);
  }

  private static DeviceLatest empty(String deviceId) {
    return new DeviceLatest(deviceId, null, null, null, Map.of(), Map.of(), Map.of(), null);
  }
}
