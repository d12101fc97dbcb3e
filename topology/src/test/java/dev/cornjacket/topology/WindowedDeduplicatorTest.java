package dev.cornjacket.topology;

import static dev.cornjacket.topology.TopologyFixture.sensorEvent;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 2: an event whose {@code (device_id, event_id)} was seen less than the window (10 minutes)
 * earlier or later, in raw record time, is dropped and counted.
 */
class WindowedDeduplicatorTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration WINDOW = TopologyConfig.DEFAULT_DEDUP_WINDOW;

  @TempDir Path stateDir;
  private TopologyFixture topology;

  @BeforeEach
  void startDriver() {
    topology = new TopologyFixture(stateDir);
  }

  @AfterEach
  void closeDriver() {
    topology.close();
  }

  /** Sends event {@code id} of {@code device} with ts T0, produced at {@code producedAt}. */
  private void send(String device, String id, Instant producedAt) {
    topology.send(device, sensorEvent(device, id, T0), producedAt);
  }

  private List<String> routedIds() {
    return topology.sensor.readValuesToList().stream()
        .map(event -> event.deviceId() + "/" + event.eventId())
        .toList();
  }

  @Test
  void shouldDropDuplicateInsideWindowAndCountIt() {
    send("dev-1", "e-1", T0);
    send("dev-1", "e-1", T0.plusSeconds(1));
    send("dev-1", "e-1", T0.plus(WINDOW).minusMillis(1));

    assertThat(routedIds()).containsExactly("dev-1/e-1");
    assertThat(topology.metrics.duplicates()).isEqualTo(2);
    assertThat(topology.metrics.validated()).isEqualTo(3);
    assertThat(topology.metrics.routed()).isEqualTo(1);
    assertThat(topology.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldAcceptSameIdOnceWindowHasPassed() {
    send("dev-1", "e-1", T0);
    send("dev-1", "e-1", T0.plus(WINDOW));

    assertThat(routedIds()).containsExactly("dev-1/e-1", "dev-1/e-1");
    assertThat(topology.metrics.duplicates()).isZero();
  }

  @Test
  void shouldMeasureWindowFromFirstSightingNotFromLastDuplicate() {
    send("dev-1", "e-1", T0);
    send("dev-1", "e-1", T0.plus(Duration.ofMinutes(6)));
    send("dev-1", "e-1", T0.plus(Duration.ofMinutes(11)));

    assertThat(routedIds()).containsExactly("dev-1/e-1", "dev-1/e-1");
    assertThat(topology.metrics.duplicates()).isEqualTo(1);
  }

  @Test
  void shouldTreatSameEventIdOfAnotherDeviceAsNew() {
    send("dev-1", "e-1", T0);
    send("dev-2", "e-1", T0);
    send("dev-1", "e-2", T0);

    assertThat(routedIds()).containsExactly("dev-1/e-1", "dev-2/e-1", "dev-1/e-2");
  }

  @Test
  void shouldDropDuplicateArrivingWithEarlierTimestamp() {
    send("dev-1", "e-1", T0.plus(Duration.ofMinutes(5)));
    send("dev-1", "e-2", T0.plus(Duration.ofMinutes(1))); // out of order, new: passes
    send("dev-1", "e-1", T0); // out of order, 5 minutes before the first copy: duplicate

    assertThat(routedIds()).containsExactly("dev-1/e-1", "dev-1/e-2");
    assertThat(topology.metrics.duplicates()).isEqualTo(1);
  }

  @Test
  void shouldKeepArrivalOrderOfOutOfOrderTimestamps() {
    send("dev-1", "e-3", T0.plusSeconds(30));
    send("dev-1", "e-1", T0.plusSeconds(10));
    send("dev-1", "e-2", T0.plusSeconds(20));

    assertThat(routedIds()).containsExactly("dev-1/e-3", "dev-1/e-1", "dev-1/e-2");
  }

  @Test
  void shouldRememberFirstSightingInWindowStore() {
    send("dev-1", "e-1", T0);
    send("dev-1", "e-1", T0.plusSeconds(1));

    WindowStore<String, Long> store =
        topology.driver.getWindowStore(CornjacketTopology.DEDUP_STORE);
    List<KeyValue<Long, Long>> sightings = new ArrayList<>();
    try (WindowStoreIterator<Long> iterator =
        store.fetch("dev-1/e-1", T0.minus(WINDOW), T0.plus(WINDOW))) {
      iterator.forEachRemaining(sightings::add);
    }
    assertThat(sightings).containsExactly(KeyValue.pair(T0.toEpochMilli(), T0.toEpochMilli()));
  }

  @Test
  void shouldWriteDedupStoreToItsChangelog() {
    send("dev-1", "e-1", T0);
    send("dev-1", "e-2", T0.plusSeconds(1));
    send("dev-1", "e-1", T0.plusSeconds(2));

    String changelog = "topology-test-" + CornjacketTopology.DEDUP_STORE + "-changelog";
    assertThat(topology.driver.producedTopicNames()).contains(changelog);
    assertThat(
            topology
                .driver
                .createOutputTopic(
                    changelog, Serdes.ByteArray().deserializer(), Serdes.Long().deserializer())
                .readValuesToList())
        .containsExactly(T0.toEpochMilli(), T0.plusSeconds(1).toEpochMilli());
  }
}
