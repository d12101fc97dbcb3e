package dev.cornjacket.topology.internal.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.TopologyMetrics;
import dev.cornjacket.topology.internal.store.DeviceRollupStoreSerde;
import dev.cornjacket.topology.projection.DeviceRollup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

/**
 * A {@link RollupProjection} started on stores that already hold pending windows (a restart, or a
 * task moved to this instance) holds those windows back and forwards them when they end, as the
 * instance before it would have.
 */
class RollupProjectionRestartTest {

  private static final Instant MINUTE = Instant.parse("2026-11-22T12:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(1);

  private final WindowStore<String, DeviceRollup> windows =
      Stores.windowStoreBuilder(
              Stores.inMemoryWindowStore("rollups", Duration.ofHours(1), WINDOW, false),
              Serdes.String(),
              new DeviceRollupStoreSerde())
          .withLoggingDisabled()
          .build();
  private final KeyValueStore<Bytes, byte[]> pending =
      Stores.keyValueStoreBuilder(
              Stores.inMemoryKeyValueStore("pending"), Serdes.Bytes(), Serdes.ByteArray())
          .withLoggingDisabled()
          .build();

  @Test
  void shouldHoldBackAndForwardTheWindowsAPreviousInstanceLeftPending() {
    MockProcessorContext<String, DeviceRollup> before = context(MINUTE.plusSeconds(5));
    RollupProjection first = projection(before);
    first.process(reading("a", MINUTE.plusSeconds(1)));
    assertThat(before.forwarded()).isEmpty();

    MockProcessorContext<String, DeviceRollup> after = context(MINUTE.plusSeconds(10));
    RollupProjection second = projection(after);
    second.process(reading("b", MINUTE.plusSeconds(9)));
    assertThat(after.forwarded()).as("still pending after the restart").isEmpty();
    after
        .scheduledPunctuators()
        .getFirst()
        .getPunctuator()
        .punctuate(MINUTE.plusSeconds(11).toEpochMilli());
    assertThat(after.forwarded()).as("not before it ends").isEmpty();

    long settled =
        MINUTE
            .plus(WINDOW)
            .plus(RollupProjection.SETTLE)
            .plusMillis(RollupProjection.spreadOffset("d-1"))
            .toEpochMilli();
    after.scheduledPunctuators().getFirst().getPunctuator().punctuate(settled - 1);
    assertThat(after.forwarded()).as("not before its place in the spread").isEmpty();
    after.scheduledPunctuators().getFirst().getPunctuator().punctuate(settled);

    List<DeviceRollup> forwarded = new ArrayList<>();
    after.forwarded().forEach(f -> forwarded.add(f.record().value()));
    assertThat(forwarded)
        .singleElement()
        .satisfies(window -> assertThat(window.metrics().get("temp").count()).isEqualTo(2));
    assertThat(pending.approximateNumEntries()).isZero();
  }

  private MockProcessorContext<String, DeviceRollup> context(Instant wallClock) {
    MockProcessorContext<String, DeviceRollup> context = new MockProcessorContext<>();
    context.setCurrentSystemTimeMs(wallClock.toEpochMilli());
    if (!windows.isOpen()) {
      windows.init(context.getStateStoreContext(), windows);
      pending.init(context.getStateStoreContext(), pending);
    }
    context.addStateStore(windows);
    context.addStateStore(pending);
    return context;
  }

  private static RollupProjection projection(MockProcessorContext<String, DeviceRollup> context) {
    RollupProjection projection =
        new RollupProjection(
            "rollups", "pending", WINDOW, Duration.ofMinutes(5), TopologyMetrics.noop(), "out");
    projection.init(context);
    return projection;
  }

  private static Record<String, Event> reading(String id, Instant ts) {
    Event event = new Event(id, "d-1", EventType.SENSOR, ts, Map.of("temp", 1.0), Map.of());
    return new Record<>("d-1", event, ts.toEpochMilli());
  }
}
