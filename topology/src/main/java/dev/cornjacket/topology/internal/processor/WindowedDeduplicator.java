package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.TopologyMetrics;
import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Step 2: drops an event whose {@code (device_id, event_id)} was already seen within the window.
 * Shape of Confluent's {@code EventDeduplication} example ({@code isDuplicate}, {@code
 * rememberNewEvent}).
 *
 * <ul>
 *   <li>Input: key {@code device_id}, value a validated {@link Event}, timestamp of the raw record.
 *   <li>Output: the same record, unchanged, when it is new; nothing for a duplicate (counted with
 *       {@link TopologyMetrics#duplicate()}, not dead-lettered: a retried delivery is normal).
 *   <li>Store (owned): a {@code WindowStore<String, Long>}, key {@code device_id + "/" + event_id}
 *       ({@code /} cannot occur in a device id, so the key is unambiguous), value the exact
 *       timestamp at which the id was first seen, filed under that time rounded down to a bucket of
 *       a tenth of the window; retention = window + one bucket ({@link #retention}), changelogged,
 *       so de-duplication survives restarts and rebalances.
 * </ul>
 *
 * <p><b>Why buckets.</b> A window store looks ids up by time range; the in-memory store walks every
 * distinct timestamp in the range, so at one event per millisecond a 10-minute window would mean
 * 600,000 steps per lookup. Filed under coarse buckets a lookup touches about 20, and comparing the
 * exact first-seen time kept in the value keeps the window exact.
 *
 * <p><b>Which time.</b> The window is measured in the raw record's timestamp (when the front end
 * produced it), not the event's {@code ts}. Duplicates are retries and redeliveries of the same
 * event, so they carry the same {@code ts} but arrive later; what matters is how long after the
 * first copy they arrive. The record timestamp also drives stream time, which is what expires the
 * store's segments: with {@code ts} (which may legally lag by up to a day and differs per device) a
 * late device's ids would be written into already-expired segments and never found again.
 *
 * <p><b>Which window.</b> Two copies are duplicates when their timestamps differ by less than the
 * window, in either direction (a copy with an earlier timestamp arriving second is still found).
 * The first copy's time is kept: a duplicate does not extend the window, so the same id the window
 * or more after its first sighting is accepted again (and remembered anew). Out-of-order lookups
 * further back than the store's retention behind stream time find nothing and pass.
 */
public final class WindowedDeduplicator implements Processor<String, Event, String, Event> {

  private static final String SEPARATOR = "/";
  private static final long BUCKETS_PER_WINDOW = 10;

  private final String storeName;
  private final long windowMs;
  private final long bucketMs;
  private final TopologyMetrics metrics;
  private ProcessorContext<String, Event> context;
  private WindowStore<String, Long> seen;

  public WindowedDeduplicator(String storeName, Duration window, TopologyMetrics metrics) {
    this.storeName = Objects.requireNonNull(storeName, "storeName");
    this.windowMs = Objects.requireNonNull(window, "window").toMillis();
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    if (windowMs < 1) {
      throw new IllegalArgumentException("window must be at least 1 ms, got " + window);
    }
    this.bucketMs = bucketMs(windowMs);
  }

  /** The store key of an event: {@code device_id/event_id}. */
  public static String dedupKey(String deviceId, String eventId) {
    return deviceId + SEPARATOR + eventId;
  }

  @Override
  public void init(ProcessorContext<String, Event> context) {
    this.context = context;
    this.seen = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Event> record) {
    Event event = record.value();
    if (event.eventId() == null) {
      // Front ends always assign an id before producing; without one there is nothing to compare.
      context.forward(record);
      return;
    }
    String id = dedupKey(event.deviceId(), event.eventId());
    long time = record.timestamp();
    if (isDuplicate(id, time)) {
      metrics.duplicate();
      return;
    }
    rememberNewEvent(id, time);
    context.forward(record);
  }

  /** How long the store must keep an id: the window, plus the rounding of its bucket. */
  public static Duration retention(Duration window) {
    return window.plusMillis(bucketMs(window.toMillis()));
  }

  private static long bucketMs(long windowMs) {
    return Math.max(1, windowMs / BUCKETS_PER_WINDOW);
  }

  private boolean isDuplicate(String id, long time) {
    long from = bucketOf(Math.max(0, saturatedAdd(time, -(windowMs - 1))));
    long to = bucketOf(saturatedAdd(time, windowMs - 1));
    try (WindowStoreIterator<Long> firstSightings = seen.fetch(id, from, to)) {
      while (firstSightings.hasNext()) {
        long firstSeen = firstSightings.next().value;
        if (Math.abs(time - firstSeen) < windowMs) {
          return true;
        }
      }
      return false;
    }
  }

  private void rememberNewEvent(String id, long time) {
    long bucket = bucketOf(time);
    // A bucket older than the retention behind the newest record cannot be remembered: the store
    // has already dropped that time range (and would warn on every such put).
    if (bucket <= saturatedAdd(context.currentStreamTimeMs(), -(windowMs + bucketMs))) {
      return;
    }
    seen.put(id, time, bucket);
  }

  private long bucketOf(long time) {
    return time - Math.floorMod(time, bucketMs);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow only when both have the same sign and the sum's sign differs.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return sum;
  }
}
