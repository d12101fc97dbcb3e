package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.config.StreamsSettings.RollupEmit;
import dev.cornjacket.topology.projection.DeviceLatest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How often a device's snapshot goes to {@code cj.proj.device_latest}: at most once per interval (5
 * s by default), as it is at the end of the interval, while the query store has every update at
 * once; or after every event with a zero interval. {@code DeviceProjectionRestartTest} starts the
 * projection on devices an earlier instance left pending.
 */
class LatestEmissionTest {

  private static final Instant T0 = TopologyFixture.WALL_CLOCK;
  private static final Duration INTERVAL = ProjectionConfig.DEFAULTS.latestInterval();

  @TempDir Path stateDir;

  private TopologyFixture topology;
  private TestOutputTopic<String, DeviceLatest> latest;

  private void start(Duration interval) {
    topology = TopologyFixture.withRollupGraceOf30s(stateDir, RollupEmit.WINDOW_END, interval);
    latest = topology.output(topology.topics.deviceLatest());
  }

  @AfterEach
  void stop() {
    if (topology != null) {
      topology.close();
    }
  }

  private void send(String device, String id, Instant ts) {
    topology.send(device, TopologyFixture.sensorEvent(device, id, ts), ts);
  }

  private long sensorCount(String device) {
    KeyValueStore<String, DeviceLatest> store =
        topology.driver.getKeyValueStore(CornjacketTopology.DEVICE_LATEST_STORE);
    return store.get(device).counts().get("sensor");
  }

  @Test
  void shouldForwardADevicesUpdatesWithinTheIntervalAsOneSnapshotAtItsEnd() {
    start(INTERVAL);
    send("d-1", "a", T0);
    send("d-1", "b", T0.plusMillis(500));
    send("d-1", "c", T0.plusSeconds(1));
    assertThat(sensorCount("d-1")).as("the query store has every update").isEqualTo(3);
    assertThat(latest.isEmpty()).isTrue();

    topology.driver.advanceWallClockTime(INTERVAL.minusSeconds(1));
    assertThat(latest.isEmpty()).as("held back until the interval ends").isTrue();
    topology.driver.advanceWallClockTime(Duration.ofSeconds(1));
    List<TestRecord<String, DeviceLatest>> forwarded = latest.readRecordsToList();
    assertThat(forwarded).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("d-1"));
    assertThat(forwarded.getFirst().value().lastEventId()).isEqualTo("c");
    assertThat(forwarded.getFirst().value().counts()).containsEntry("sensor", 3L);

    // the next update starts a new interval
    send("d-1", "d", T0.plusSeconds(6));
    topology.driver.advanceWallClockTime(INTERVAL.minusSeconds(1));
    assertThat(latest.isEmpty()).isTrue();
    topology.driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(latest.readValuesToList())
        .singleElement()
        .satisfies(value -> assertThat(value.lastEventId()).isEqualTo("d"));

    topology.driver.advanceWallClockTime(INTERVAL.multipliedBy(3));
    assertThat(latest.isEmpty()).as("nothing new, nothing forwarded").isTrue();
  }

  @Test
  void shouldForwardEachDeviceWhenItsOwnIntervalEnds() {
    start(INTERVAL);
    send("d-1", "a", T0);
    topology.driver.advanceWallClockTime(Duration.ofSeconds(3));
    send("d-2", "b", T0.plusSeconds(3));

    topology.driver.advanceWallClockTime(INTERVAL.minusSeconds(3));
    assertThat(latest.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("d-1");
    topology.driver.advanceWallClockTime(Duration.ofSeconds(3));
    assertThat(latest.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("d-2");
  }

  @Test
  void shouldForwardEveryUpdateWithAZeroInterval() {
    start(Duration.ZERO);
    send("d-1", "a", T0);
    send("d-1", "b", T0.plusMillis(500));

    assertThat(latest.readValuesToList())
        .extracting(DeviceLatest::lastEventId)
        .containsExactly("a", "b");
  }

  @Test
  void shouldKeepThePendingDevicesInAChangelogSoThatAnotherInstanceForwardsThem() {
    start(INTERVAL);
    send("d-1", "a", T0);

    assertThat(
            topology
                .driver
                .producedTopicNames()
                .contains(
                    "topology-test-" + CornjacketTopology.LATEST_PENDING_STORE + "-changelog"))
        .isTrue();
  }
}
