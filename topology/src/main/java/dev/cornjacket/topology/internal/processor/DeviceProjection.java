package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceLatestUpdates;
import java.time.Instant;
import java.util.Objects;
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
 *       {@code device_id}, value the device's new {@link DeviceLatest} snapshot.
 *   <li>Stores: the key-value store named at construction (key {@code device_id}, value {@link
 *       DeviceLatest}), changelogged; the interactive queries read it.
 * </ul>
 *
 * <p>The arithmetic of an update is in {@link DeviceLatestUpdates}, outside Kafka types.
 */
public final class DeviceProjection implements Processor<String, Event, String, DeviceLatest> {

  private final String storeName;
  private final String child;
  private ProcessorContext<String, DeviceLatest> context;
  private KeyValueStore<String, DeviceLatest> store;

  public DeviceProjection(String storeName, String child) {
    this.storeName = Objects.requireNonNull(storeName, "storeName");
    this.child = Objects.requireNonNull(child, "child");
  }

  @Override
  public void init(ProcessorContext<String, DeviceLatest> context) {
    this.context = context;
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, Event> record) {
    Event event = record.value();
    DeviceLatest updated =
        DeviceLatestUpdates.apply(
            store.get(event.deviceId()),
            event,
            Instant.ofEpochMilli(context.currentSystemTimeMs()));
    store.put(event.deviceId(), updated);
    context.forward(record.withKey(event.deviceId()).withValue(updated), child);
  }
}
