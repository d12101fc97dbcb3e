package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.topology.TopologyMetrics;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceLatestUpdates;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Projection {@code anomalies-recent}: the anomalies of each device over the store's retention (24
 * h by default), at most a bounded number per device; and the device's last anomaly in {@code
 * device-latest}.
 *
 * <ul>
 *   <li>Input: key {@code device_id}, value an {@link Anomaly} from the scorer.
 *   <li>Output: to the child given at construction (the sink of {@code cj.proj.device_latest}), the
 *       device's snapshot with its new last anomaly.
 *   <li>Stores: the window store of recent anomalies (key {@code device_id}, timestamp the
 *       reading's {@code ts}, duplicates retained): a device's anomalies are one key's range, and
 *       the store's time order is the index of "all anomalies since"; the {@code device-latest}
 *       key-value store, shared with {@link DeviceProjection}.
 * </ul>
 */
public final class AnomalyProjection implements Processor<String, Anomaly, String, DeviceLatest> {

  private final String recentStoreName;
  private final String latestStoreName;
  private final Duration retention;
  private final int maxPerDevice;
  private final TopologyMetrics metrics;
  private final String child;
  private ProcessorContext<String, DeviceLatest> context;
  private WindowStore<String, Anomaly> recent;
  private KeyValueStore<String, DeviceLatest> latest;

  public AnomalyProjection(
      String recentStoreName,
      String latestStoreName,
      Duration retention,
      int maxPerDevice,
      TopologyMetrics metrics,
      String child) {
    this.recentStoreName = Objects.requireNonNull(recentStoreName, "recentStoreName");
    this.latestStoreName = Objects.requireNonNull(latestStoreName, "latestStoreName");
    this.retention = Objects.requireNonNull(retention, "retention");
    this.maxPerDevice = maxPerDevice;
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.child = Objects.requireNonNull(child, "child");
  }

  @Override
  public void init(ProcessorContext<String, DeviceLatest> context) {
    this.context = context;
    this.recent = context.getStateStore(recentStoreName);
    this.latest = context.getStateStore(latestStoreName);
  }

  @Override
  public void process(Record<String, Anomaly> record) {
    Anomaly anomaly = record.value();
    long ts = anomaly.ts().toEpochMilli();
    if (hasRoomFor(anomaly.deviceId(), ts)) {
      recent.put(anomaly.deviceId(), anomaly, ts);
    } else {
      metrics.anomalyNotKept();
    }
    DeviceLatest updated =
        DeviceLatestUpdates.apply(
            latest.get(anomaly.deviceId()),
            anomaly,
            Instant.ofEpochMilli(context.currentSystemTimeMs()));
    latest.put(anomaly.deviceId(), updated);
    context.forward(new Record<>(anomaly.deviceId(), updated, record.timestamp()), child);
  }

  /** A storm of anomalies from one device may not crowd out the others: count before keeping. */
  private boolean hasRoomFor(String deviceId, long ts) {
    int kept = 0;
    try (WindowStoreIterator<Anomaly> stored =
        recent.fetch(deviceId, ts - retention.toMillis(), Long.MAX_VALUE)) {
      while (stored.hasNext() && kept < maxPerDevice) {
        stored.next();
        kept++;
      }
    }
    return kept < maxPerDevice;
  }
}
