package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceLatestUpdates;
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
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Projection {@code device-latest}: the latest state of each device.
 *
 * <ul>
 *   <li>Input: key {@code device_id}, value a validated, de-duplicated (and, for sensor events,
 *       scored) {@link Event} of any type.
 *   <li>Output: to the child given at construction (the sink of {@code cj.proj.device_latest}), key
 *       {@code device_id}, value the device's {@link DeviceLatest} snapshot. With a pending store,
 *       a device's first update is held back for the interval given at construction, and the
 *       snapshot as it is then goes out once for every update meanwhile; without one, after every
 *       event.
 *   <li>Stores: the key-value store named at construction (key {@code device_id}, value {@link
 *       DeviceLatest}), changelogged; the interactive queries read it, so they see every update at
 *       once. The pending store, if any: the devices whose snapshot is held back, key due time and
 *       {@code device_id} ({@link #pendingKey}), changelogged.
 * </ul>
 *
 * <p>Holding snapshots back is for the sinks: a device reporting every two seconds otherwise sends
 * a whole snapshot, and PostgreSQL upserts its {@code device_latest} row, on every event, which
 * cost the Postgres sink more than the events themselves. The pending devices are a store, not a
 * field, so that they take part in the exactly-once transactions: an update that was committed is
 * forwarded after a crash or a rebalance too. The punctuator that forwards them runs on the wall
 * clock, so a device that falls silent still has its last snapshot written.
 *
 * <p>The arithmetic of an update is in {@link DeviceLatestUpdates}, outside Kafka types.
 */
public final class DeviceProjection implements Processor<String, Event, String, DeviceLatest> {

  /** How often due snapshots are looked for, at most. */
  public static final Duration FLUSH_EVERY = Duration.ofSeconds(1);

  private final String storeName;
  private final String pendingStoreName;
  private final Duration interval;
  private final String child;
  private ProcessorContext<String, DeviceLatest> context;
  private KeyValueStore<String, DeviceLatest> store;
  private PendingKeys pendingKeys;

  /** The devices in {@link #pendingKeys}, so that an update of a pending device costs no lookup. */
  private final Set<String> pending = new HashSet<>();

  /**
   * @param pendingStoreName the store of devices whose snapshot is held back; {@code null} to
   *     forward every update
   * @param interval how long a device's first update is held back
   */
  public DeviceProjection(
      String storeName, String pendingStoreName, Duration interval, String child) {
    this.storeName = Objects.requireNonNull(storeName, "storeName");
    this.pendingStoreName = pendingStoreName;
    this.interval = Objects.requireNonNull(interval, "interval");
    this.child = Objects.requireNonNull(child, "child");
    if (pendingStoreName != null && (interval.isNegative() || interval.isZero())) {
      throw new IllegalArgumentException("a held-back snapshot needs a positive interval");
    }
  }

  @Override
  public void init(ProcessorContext<String, DeviceLatest> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
    pending.clear();
    if (pendingStoreName != null) {
      pendingKeys = new PendingKeys(context.getStateStore(pendingStoreName));
      pendingKeys.forEach(key -> pending.add(deviceOf(key)));
      Duration flushEvery = interval.compareTo(FLUSH_EVERY) < 0 ? interval : FLUSH_EVERY;
      context.schedule(flushEvery, PunctuationType.WALL_CLOCK_TIME, this::forwardDue);
    }
  }

  @Override
  public void process(Record<String, Event> record) {
    Event event = record.value();
    long now = context.currentSystemTimeMs();
    DeviceLatest updated =
        DeviceLatestUpdates.apply(store.get(event.deviceId()), event, Instant.ofEpochMilli(now));
    store.put(event.deviceId(), updated);
    if (pendingKeys == null) {
      context.forward(record.withKey(event.deviceId()).withValue(updated), child);
    } else if (pending.add(event.deviceId())) {
      pendingKeys.put(pendingKey(now + interval.toMillis(), event.deviceId()));
    }
  }

  /** Forwards the snapshot of every device due by {@code now}, as it is now. */
  private void forwardDue(long now) {
    for (Bytes key : pendingKeys.below(pendingKey(now + 1, null))) {
      String deviceId = deviceOf(key);
      DeviceLatest value = store.get(deviceId);
      if (value != null) {
        context.forward(new Record<>(deviceId, value, now), child);
      }
      pendingKeys.delete(key);
      pending.remove(deviceId);
    }
  }

  /**
   * The pending store's key: when the device is due (8 bytes, big-endian, sign bit flipped so that
   * the byte order is the numeric order), then its id in UTF-8. A range up to {@code pendingKey(t +
   * 1, null)} holds every device due by {@code t}.
   */
  static Bytes pendingKey(long due, String deviceId) {
    byte[] device = deviceId == null ? new byte[0] : deviceId.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(Long.BYTES + device.length)
            .putLong(due ^ Long.MIN_VALUE)
            .put(device)
            .array());
  }

  private static String deviceOf(Bytes key) {
    byte[] bytes = key.get();
    return new String(bytes, Long.BYTES, bytes.length - Long.BYTES, StandardCharsets.UTF_8);
  }
}
