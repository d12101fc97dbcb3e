package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.TopologyMetrics;
import dev.cornjacket.topology.projection.DeviceRollup;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Projection {@code device-rollup-1m}: count, min, max, sum and average of each metric of each
 * device per tumbling window (one minute by default), by the event's {@code ts}.
 *
 * <ul>
 *   <li>Input: key {@code device_id}, value a validated, de-duplicated sensor {@link Event}.
 *   <li>Output: to the child given at construction (the sink of {@code cj.proj.rollups_1m}), key
 *       {@code device_id}, value the updated {@link DeviceRollup} of the event's window, one per
 *       event: every update is emitted, the last one of a window is its final value.
 *   <li>Stores: the window store named at construction, key {@code device_id}, window start, value
 *       {@link DeviceRollup} with all the device's metrics of that window; changelogged, retention
 *       configured.
 * </ul>
 *
 * <p>One value per device and window, not per metric: an event of four metrics then costs one store
 * write, one changelog record and one output record instead of four of each.
 *
 * <p>A reading whose window closed more than the grace period before the stream time (the newest
 * {@code ts} this task has seen) is dropped and counted, as Kafka Streams' windowed aggregations
 * do: its window may already have been written to the sinks as final.
 */
public final class RollupProjection implements Processor<String, Event, String, DeviceRollup> {

  private final String storeName;
  private final Duration window;
  private final Duration grace;
  private final TopologyMetrics metrics;
  private final String child;
  private ProcessorContext<String, DeviceRollup> context;
  private WindowStore<String, DeviceRollup> store;
  private long observedStreamTime = Long.MIN_VALUE;

  public RollupProjection(
      String storeName, Duration window, Duration grace, TopologyMetrics metrics, String child) {
    this.storeName = Objects.requireNonNull(storeName, "storeName");
    this.window = Objects.requireNonNull(window, "window");
    this.grace = Objects.requireNonNull(grace, "grace");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.child = Objects.requireNonNull(child, "child");
  }

  @Override
  public void init(ProcessorContext<String, DeviceRollup> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Event> record) {
    Event event = record.value();
    long ts = event.ts().toEpochMilli();
    long windowStart = ts - Math.floorMod(ts, window.toMillis());
    observedStreamTime = Math.max(observedStreamTime, ts);
    if (isClosed(windowStart)) {
      metrics.lateReadingDropped(event.metrics().size());
      return;
    }
    DeviceRollup current = store.fetch(event.deviceId(), windowStart);
    DeviceRollup updated =
        (current == null
                ? DeviceRollup.empty(event.deviceId(), Instant.ofEpochMilli(windowStart), window)
                : current)
            .add(event.metrics());
    store.put(event.deviceId(), updated, windowStart);
    context.forward(new Record<>(event.deviceId(), updated, windowStart, record.headers()), child);
  }

  private boolean isClosed(long windowStart) {
    return windowStart + window.toMillis() + grace.toMillis() <= observedStreamTime;
  }
}
