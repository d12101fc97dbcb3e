package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.topology.TopologyMetrics;
import dev.cornjacket.topology.alert.Alert;
import dev.cornjacket.topology.anomaly.Anomaly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Alert de-duplication: turns anomalies into alerts, at most one per {@code (device_id,
 * alert_type)} and window.
 *
 * <ul>
 *   <li>Input: key {@code device_id}, value an {@link Anomaly} from the scorer.
 *   <li>Output: to the child given at construction (the sink of {@code cj.alerts}), key {@code
 *       device_id}, value an {@link Alert}: {@code raised} for the first anomaly of a window, and
 *       {@code summary} with the same {@code alert_id} when a window closes in which repeats were
 *       suppressed.
 *   <li>Store: key-value store {@code alerts-open} (changelogged), key {@code
 *       device_id/alert_type}, value the open window's alert with its suppressed count so far.
 * </ul>
 *
 * <p>Windows are measured in reading time (the anomaly's {@code ts}), so replaying or restoring
 * gives the same alerts. A window closes when stream time passes its end (punctuation every {@code
 * min(window, 1 minute)}) or when the next anomaly of the same key arrives after it.
 */
public final class AlertDeduplicator implements Processor<String, Anomaly, String, Alert> {

  private static final Duration MAX_PUNCTUATE_INTERVAL = Duration.ofMinutes(1);

  private final String storeName;
  private final Duration window;
  private final TopologyMetrics metrics;
  private final String child;
  private ProcessorContext<String, Alert> context;
  private KeyValueStore<String, Alert> open;

  public AlertDeduplicator(
      String storeName, Duration window, TopologyMetrics metrics, String child) {
    this.storeName = Objects.requireNonNull(storeName, "storeName");
    this.window = Objects.requireNonNull(window, "window");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.child = Objects.requireNonNull(child, "child");
  }

  @Override
  public void init(ProcessorContext<String, Alert> context) {
    this.context = context;
    this.open = context.getStateStore(storeName);
    Duration interval =
        window.compareTo(MAX_PUNCTUATE_INTERVAL) < 0 ? window : MAX_PUNCTUATE_INTERVAL;
    context.schedule(interval, PunctuationType.STREAM_TIME, this::closeWindowsEndedBy);
  }

  @Override
  public void process(Record<String, Anomaly> record) {
    Anomaly anomaly = record.value();
    String key = keyOf(anomaly.deviceId(), Alert.typeOf(anomaly));
    Alert current = open.get(key);
    if (current != null && isInsideWindow(current, anomaly)) {
      open.put(key, current.withSuppressed(current.suppressed() + 1));
      metrics.alertSuppressed();
      return;
    }
    if (current != null) {
      emitSummaryIfSuppressed(current);
    }
    Alert raised = Alert.raisedBy(anomaly, window);
    open.put(key, raised);
    metrics.alertRaised();
    context.forward(new Record<>(anomaly.deviceId(), raised, record.timestamp()), child);
  }

  /** The store key of a device's alert type. */
  public static String keyOf(String deviceId, String alertType) {
    return deviceId + "/" + alertType;
  }

  /** Inside {@code [raisedAt, windowEndsAt)}; a late reading from before the window counts too. */
  private static boolean isInsideWindow(Alert current, Anomaly anomaly) {
    return anomaly.ts().isBefore(current.windowEndsAt())
        && !anomaly
            .ts()
            .isBefore(
                current
                    .raisedAt()
                    .minus(Duration.between(current.raisedAt(), current.windowEndsAt())));
  }

  private void closeWindowsEndedBy(long streamTime) {
    List<KeyValue<String, Alert>> ended = new ArrayList<>();
    try (KeyValueIterator<String, Alert> all = open.all()) {
      while (all.hasNext()) {
        KeyValue<String, Alert> entry = all.next();
        if (entry.value.windowEndsAt().toEpochMilli() <= streamTime) {
          ended.add(entry);
        }
      }
    }
    for (KeyValue<String, Alert> entry : ended) {
      emitSummaryIfSuppressed(entry.value);
      open.delete(entry.key);
    }
  }

  private void emitSummaryIfSuppressed(Alert current) {
    if (current.suppressed() > 0) {
      context.forward(
          new Record<>(
              current.deviceId(),
              current.summary(current.suppressed()),
              current.windowEndsAt().toEpochMilli()),
          child);
    }
  }
}
