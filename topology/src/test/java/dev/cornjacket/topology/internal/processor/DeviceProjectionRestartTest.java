package dev.cornjacket.topology.internal.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.internal.store.DeviceLatestStoreSerde;
import dev.cornjacket.topology.projection.DeviceLatest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * A {@link DeviceProjection} started on stores that already hold pending devices (a restart, or a
 * task moved to this instance) forwards their snapshots when they are due, as the instance before
 * it would have.
 */
class DeviceProjectionRestartTest {

  private static final Instant T0 = Instant.parse("2026-11-22T12:00:00Z");
  private static final Duration INTERVAL = Duration.ofSeconds(5);

  private final KeyValueStore<String, DeviceLatest> latest =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore("latest"), Serdes.String(), new DeviceLatestStoreSerde())
          .withLoggingDisabled()
          .build();
  private final KeyValueStore<Bytes, byte[]> pending =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore("pending"), Serdes.Bytes(), Serdes.ByteArray())
          .withLoggingDisabled()
          .build();

  @Test
  void shouldForwardTheSnapshotsAPreviousInstanceLeftPendingWhenTheyAreDue() {
    MockProcessorContext<String, DeviceLatest> before = context(T0);
    projection(before).process(event("a", T0));
    assertThat(before.forwarded()).isEmpty();

    MockProcessorContext<String, DeviceLatest> after = context(T0.plusSeconds(2));
    DeviceProjection second = projection(after);
    second.process(event("b", T0.plusSeconds(2)));
    punctuate(after, T0.plus(INTERVAL).minusMillis(1));
    assertThat(after.forwarded()).as("still pending after the restart").isEmpty();

    punctuate(after, T0.plus(INTERVAL));
    assertThat(after.forwarded())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.record().key()).isEqualTo("d-1");
              assertThat(f.record().value().lastEventId()).isEqualTo("b");
              assertThat(f.record().value().counts()).containsEntry("sensor", 2L);
            });
    assertThat(pending.approximateNumEntries()).isZero();
  }

  private static void punctuate(MockProcessorContext<String, DeviceLatest> context, Instant at) {
    context.scheduledPunctuators().getFirst().getPunctuator().punctuate(at.toEpochMilli());
  }

  private MockProcessorContext<String, DeviceLatest> context(Instant wallClock) {
    MockProcessorContext<String, DeviceLatest> context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(wallClock.toEpochMilli());
    if (!latest.isOpen()) {
      latest.init(context.getStateStoreContext(), latest);
      pending.init(context.getStateStoreContext(), pending);
    }
    context.addStateStore(latest);
    context.addStateStore(pending);
    return context;
  }

  private static DeviceProjection projection(MockProcessorContext<String, DeviceLatest> context) {
    DeviceProjection projection = new DeviceProjection("latest", "pending", INTERVAL, "out");
    projection.init(context);
    return projection;
  }

  private static Record<String, Event> event(String id, Instant ts) {
    Event event = new Event(id, "d-1", EventType.SENSOR, ts, Map.of("temp", 1.0), Map.of());
    return new Record<>("d-1", event, ts.toEpochMilli());
  }
}
