package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.TopologyMetrics;
import dev.cornjacket.topology.projection.DeviceRollup;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.PunctuationType;
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
 *       {@code device_id}, value the {@link DeviceRollup} of a window, at the window's start time.
 *       With a pending store ({@code window_end}), an updated window is held back until the first
 *       punctuation ({@link #FLUSH_EVERY}) at least {@link #SETTLE} after its end by the wall
 *       clock, and forwarded then, once for all the readings added to it meanwhile: once after it
 *       ends, and once more for late readings, if any. Without one ({@code every_update}), after
 *       every reading. The last record of a window is its final value either way.
 *   <li>Stores: the window store named at construction, key {@code device_id}, window start, value
 *       {@link DeviceRollup} with all the device's metrics of that window; changelogged, retention
 *       configured. The pending store, if any: the windows not forwarded yet, key due time, window
 *       start and {@code device_id} ({@link #pendingKey}), changelogged.
 * </ul>
 *
 * <p>One value per device and window, not per metric: an event of four metrics then costs one store
 * write, one changelog record and one output record instead of four of each. Forwarding windows
 * when they end goes further: a device reporting every two seconds sends one record a minute
 * instead of thirty, and the rows of {@code rollups_1m} are updated once instead of thirty times.
 *
 * <p>The pending windows are a store, not a field, so that they take part in the exactly-once
 * transactions: a window whose readings were committed is forwarded after a crash or a rebalance
 * too. The punctuator that forwards them runs on the wall clock, so a device that stops reporting
 * still has its last window written. A window that has already ended when a reading arrives (a late
 * reading, a replay of old events, a device whose clock is behind, a backlog after an outage) waits
 * {@link #HOLD} for more of its readings: a backlog is caught up with a record per device and a few
 * seconds, not per reading.
 *
 * <p>A reading whose window closed more than the grace period before the stream time (the newest
 * {@code ts} this task has seen) is dropped and counted, as Kafka Streams' windowed aggregations
 * do: its window may already have been written to the sinks as final.
 */
public final class RollupProjection implements Processor<String, Event, String, DeviceRollup> {

  /** How long after a window's end it is forwarded: readings sent just before the end arrive. */
  public static final Duration SETTLE = Duration.ofSeconds(2);

  /**
   * Windows ending at the same minute go out over this long after {@link #SETTLE}, each device at
   * its own offset (from its id), so that the sinks and the stream thread get a steady trickle, not
   * every device's window in one burst.
   */
  public static final Duration SPREAD = Duration.ofSeconds(10);

  /**
   * How long an update of a window that has already ended (a late reading, a replay, a backlog)
   * waits for more updates of it before it is forwarded.
   */
  public static final Duration HOLD = Duration.ofSeconds(5);

  /** How often due windows are looked for. */
  public static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

  private final String storeName;
  private final String pendingStoreName;
  private final Duration window;
  private final Duration grace;
  private final TopologyMetrics metrics;
  private final String child;
  private ProcessorContext<String, DeviceRollup> context;
  private WindowStore<String, DeviceRollup> store;
  private PendingKeys pendingKeys;

  /** The keys of {@link #pendingKeys}, so that a reading of a pending window costs no lookup. */
  private final Set<PendingWindow> pending = new HashSet<>();

  private long observedStreamTime = Long.MIN_VALUE;

  /**
   * @param pendingStoreName the store of windows not forwarded yet; {@code null} to forward every
   *     update
   */
  public RollupProjection(
      String storeName,
      String pendingStoreName,
      Duration window,
      Duration grace,
      TopologyMetrics metrics,
      String child) {
    this.storeName = Objects.requireNonNull(storeName, "storeName");
    this.pendingStoreName = pendingStoreName;
    this.window = Objects.requireNonNull(window, "window");
    this.grace = Objects.requireNonNull(grace, "grace");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.child = Objects.requireNonNull(child, "child");
  }

  @Override
  public void init(ProcessorContext<String, DeviceRollup> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    pending.clear();
    if (pendingStoreName != null) {
      pendingKeys = new PendingKeys(context.getStateStore(pendingStoreName));
      pendingKeys.forEach(key -> pending.add(PendingWindow.of(key)));
      context.schedule(FLUSH_EVERY, PunctuationType.WALL_CLOCK_TIME, this::forwardDue);
    }
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
    if (pendingKeys != null) {
      // held back until it is due; the readings until then go out in that one record
      PendingWindow key = new PendingWindow(event.deviceId(), windowStart);
      if (pending.add(key)) {
        long due =
            Math.max(
                windowStart + window.toMillis() + SETTLE.toMillis() + spreadOffset(key.deviceId()),
                context.currentSystemTimeMs() + HOLD.toMillis());
        pendingKeys.put(pendingKey(due, key));
      }
      return;
    }
    context.forward(new Record<>(event.deviceId(), updated, windowStart, record.headers()), child);
  }

  /** Forwards every pending window due by {@code now}, once. */
  private void forwardDue(long now) {
    for (Bytes key : pendingKeys.below(pendingKey(now + 1, null))) {
      PendingWindow pendingWindow = PendingWindow.of(key);
      DeviceRollup value = store.fetch(pendingWindow.deviceId(), pendingWindow.windowStart());
      if (value != null) {
        context.forward(
            new Record<>(pendingWindow.deviceId(), value, pendingWindow.windowStart()), child);
      }
      pendingKeys.delete(key);
      pending.remove(pendingWindow);
    }
  }

  /** The device's place in {@link #SPREAD}, the same for each of its windows. */
  static long spreadOffset(String deviceId) {
    return Math.floorMod(deviceId.hashCode() * 0x9E3779B9, SPREAD.toMillis());
  }

  private boolean isClosed(long windowStart) {
    return windowStart + window.toMillis() + grace.toMillis() <= observedStreamTime;
  }

  /**
   * The pending store's key: when the window is due, then its start (8 bytes each, big-endian, sign
   * bit flipped so that the byte order is the numeric order), then the device id in UTF-8. A range
   * up to {@code pendingKey(t + 1, null)} holds every window due by {@code t}.
   */
  static Bytes pendingKey(long due, PendingWindow window) {
    byte[] device =
        window == null ? new byte[0] : window.deviceId().getBytes(StandardCharsets.UTF_8);
    ByteBuffer key = ByteBuffer.allocate(2 * Long.BYTES + device.length);
    key.putLong(due ^ Long.MIN_VALUE);
    if (window != null) {
      key.putLong(window.windowStart() ^ Long.MIN_VALUE).put(device);
    }
    return Bytes.wrap(key.array());
  }

  /** A window held back until it is due. */
  record PendingWindow(String deviceId, long windowStart) {
    static PendingWindow of(Bytes key) {
      byte[] bytes = key.get();
      long windowStart = ByteBuffer.wrap(bytes, Long.BYTES, Long.BYTES).getLong() ^ Long.MIN_VALUE;
      String deviceId =
          new String(bytes, 2 * Long.BYTES, bytes.length - 2 * Long.BYTES, StandardCharsets.UTF_8);
      return new PendingWindow(deviceId, windowStart);
    }
  }
}
