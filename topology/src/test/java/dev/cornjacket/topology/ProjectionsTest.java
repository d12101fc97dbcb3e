package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.config.StreamsSettings.RollupEmit;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceRollup;
import dev.cornjacket.topology.projection.MetricRollup;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The projections {@code device-latest}, {@code device-rollup-1m} and {@code anomalies-recent}. */
class ProjectionsTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @TempDir Path stateDir;
  private TopologyFixture topology;
  private TestOutputTopic<String, DeviceLatest> latestTopic;
  private TestOutputTopic<String, DeviceRollup> rollupTopic;

  @BeforeEach
  void start() {
    // every update forwarded, so that each reading's effect shows; RollupEmissionTest holds the
    // default, once per window
    topology =
        TopologyFixture.withRollupGraceOf30s(stateDir, RollupEmit.EVERY_UPDATE, Duration.ZERO);
    latestTopic = topology.output(topology.topics.deviceLatest());
    rollupTopic = topology.output(topology.topics.rollups1m());
  }

  @AfterEach
  void stop() {
    topology.close();
  }

  private void send(String json, Instant ts) {
    String device = json.replaceAll(".*\"device_id\":\"([^\"]+)\".*", "$1");
    topology.send(device, json, ts.plusMillis(100));
  }

  private static String sensor(String device, String id, Instant ts, String metrics) {
    return """
        {"event_id":"%s","device_id":"%s","type":"sensor","ts":"%s","metrics":%s,"attrs":{"fw":"%s"}}"""
        .formatted(id, device, ts, metrics, id);
  }

  private KeyValueStore<String, DeviceLatest> latestStore() {
    return topology.driver.getKeyValueStore(CornjacketTopology.DEVICE_LATEST_STORE);
  }

  @Test
  void shouldKeepLatestReadingPerMetricAndCountEventsByType() {
    send(sensor("d-1", "e1", T0, "{\"temp\":20,\"hum\":40}"), T0);
    send(sensor("d-1", "e2", T0.plusSeconds(10), "{\"temp\":21}"), T0.plusSeconds(10));
    send(
        """
        {"event_id":"e3","device_id":"d-1","type":"system","ts":"%s","attrs":{"state":"reboot"}}"""
            .formatted(T0.plusSeconds(20)),
        T0.plusSeconds(20));

    DeviceLatest latest = latestStore().get("d-1");
    assertThat(latest.lastTs()).isEqualTo(T0.plusSeconds(20));
    assertThat(latest.lastEventId()).isEqualTo("e3");
    assertThat(latest.metrics().get("temp").value()).isEqualTo(21.0);
    assertThat(latest.metrics().get("temp").ts()).isEqualTo(T0.plusSeconds(10));
    assertThat(latest.metrics().get("hum").value()).isEqualTo(40.0);
    // Scored, and 0 while the new metric is on probation
    assertThat(latest.metrics().get("temp").score()).isEqualTo(0.0);
    assertThat(latest.attrs()).containsEntry("fw", "e2").containsEntry("state", "reboot");
    assertThat(latest.counts()).containsEntry("sensor", 2L).containsEntry("system", 1L);
    assertThat(latest.updatedAt()).isEqualTo(TopologyFixture.WALL_CLOCK);
    assertThat(latestTopic.readKeyValuesToList())
        .hasSize(3)
        .extracting(kv -> kv.key)
        .containsOnly("d-1");
  }

  @Test
  void shouldNotLetALateEventHideNewerReadings() {
    send(sensor("d-1", "new", T0.plusSeconds(60), "{\"temp\":30}"), T0.plusSeconds(60));
    send(sensor("d-1", "old", T0, "{\"temp\":10,\"hum\":50}"), T0.plusSeconds(61));

    DeviceLatest latest = latestStore().get("d-1");
    assertThat(latest.metrics().get("temp").value()).isEqualTo(30.0);
    assertThat(latest.metrics().get("hum").value()).isEqualTo(50.0);
    assertThat(latest.lastEventId()).isEqualTo("new");
    assertThat(latest.attrs()).containsEntry("fw", "new");
    assertThat(latest.counts()).containsEntry("sensor", 2L);
  }

  private WindowStore<String, DeviceRollup> rollupStore() {
    return topology.driver.getWindowStore(CornjacketTopology.ROLLUP_STORE);
  }

  @Test
  void shouldAggregateAllMetricsOfADevicePerMinuteWindowInOneValue() {
    send(sensor("d-1", "a", T0.plusSeconds(1), "{\"temp\":20,\"hum\":40}"), T0);
    send(sensor("d-1", "b", T0.plusSeconds(30), "{\"temp\":26}"), T0);
    send(sensor("d-1", "c", T0.plusSeconds(59).plusMillis(999), "{\"temp\":-1}"), T0);
    send(sensor("d-1", "d", T0.plusSeconds(60), "{\"temp\":5}"), T0); // next window

    DeviceRollup first = rollupStore().fetch("d-1", T0.toEpochMilli());
    assertThat(first.deviceId()).isEqualTo("d-1");
    assertThat(first.windowStart()).isEqualTo(T0);
    assertThat(first.windowEnd()).isEqualTo(T0.plusSeconds(60));
    assertThat(first.metrics()).containsOnlyKeys("hum", "temp");
    assertThat(first.metrics().get("temp")).isEqualTo(new MetricRollup(3, -1.0, 26.0, 45.0));
    assertThat(first.metrics().get("temp").avg()).isEqualTo(15.0);
    assertThat(first.metrics().get("hum")).isEqualTo(new MetricRollup(1, 40.0, 40.0, 40.0));
    DeviceRollup second = rollupStore().fetch("d-1", T0.plusSeconds(60).toEpochMilli());
    assertThat(second.windowStart()).isEqualTo(T0.plusSeconds(60));
    assertThat(second.metrics()).containsOnlyKeys("temp");
    assertThat(second.metrics().get("temp").count()).isEqualTo(1);

    // one record per event, whatever its number of metrics, at the window's start
    List<TestRecord<String, DeviceRollup>> emitted = rollupTopic.readRecordsToList();
    assertThat(emitted).extracting(TestRecord::key).containsOnly("d-1").hasSize(4);
    assertThat(emitted.get(0).value().metrics()).containsOnlyKeys("hum", "temp");
    assertThat(emitted.get(2).value()).isEqualTo(first);
    assertThat(emitted.get(2).timestamp()).isEqualTo(T0.toEpochMilli());
    assertThat(emitted.get(3).value()).isEqualTo(second);
  }

  @Test
  void shouldWriteOneChangelogRecordAndOneOutputRecordPerEventOfManyMetrics() {
    TestOutputTopic<String, byte[]> changelog =
        topology.driver.createOutputTopic(
            "topology-test-" + CornjacketTopology.ROLLUP_STORE + "-changelog",
            Serdes.String().deserializer(),
            Serdes.ByteArray().deserializer());

    send(sensor("d-1", "a", T0, "{\"a\":1,\"b\":2,\"c\":3,\"d\":4}"), T0);
    send(sensor("d-1", "b", T0.plusSeconds(1), "{\"a\":5,\"b\":6,\"c\":7,\"d\":8}"), T0);

    assertThat(rollupTopic.getQueueSize()).isEqualTo(2);
    List<KeyValue<String, byte[]>> logged = changelog.readKeyValuesToList();
    assertThat(logged).hasSize(2);
    // the store's binary format 2, one value holding all four metrics
    assertThat(logged.getLast().value[0]).isEqualTo((byte) 2);
    DeviceRollup window = rollupStore().fetch("d-1", T0.toEpochMilli());
    assertThat(window.metrics()).containsOnlyKeys("a", "b", "c", "d");
    assertThat(window.metrics().values()).extracting(MetricRollup::count).containsOnly(2L);
    assertThat(window.metrics().get("d").sum()).isEqualTo(12.0);
  }

  @Test
  void shouldAddLateReadingWithinGraceAndDropItBeyond() {
    send(sensor("d-1", "a", T0.plusSeconds(10), "{\"temp\":1}"), T0);
    // Stream time moves to 10:01:20: the first window [10:00, 10:01) closes at 10:01:30.
    send(sensor("d-1", "b", T0.plusSeconds(80), "{\"temp\":2}"), T0);
    send(sensor("d-1", "late-ok", T0.plusSeconds(20), "{\"temp\":3,\"hum\":9}"), T0);
    // Stream time moves to 10:01:30: now the first window is closed.
    send(sensor("d-1", "c", T0.plusSeconds(90), "{\"temp\":4}"), T0);
    send(sensor("d-1", "too-late", T0.plusSeconds(30), "{\"temp\":100,\"hum\":0}"), T0);

    DeviceRollup first = rollupStore().fetch("d-1", T0.toEpochMilli());
    assertThat(first.metrics().get("temp").count()).isEqualTo(2);
    assertThat(first.metrics().get("temp").max()).isEqualTo(3.0);
    assertThat(first.metrics().get("hum").count()).isEqualTo(1);
    // both readings of the dropped event are counted
    assertThat(topology.metrics.lateReadings()).isEqualTo(2);
    assertThat(rollupTopic.readValuesToList()).as("no update for the dropped event").hasSize(4);
    // The late event still updates the device's state: only the closed window ignores it.
    assertThat(latestStore().get("d-1").counts()).containsEntry("sensor", 5L);
  }

  @Test
  void shouldKeepEachDeviceInItsOwnValue() {
    send(sensor("d-1", "a", T0, "{\"temp\":1,\"hum\":2}"), T0);
    send(sensor("d-10", "b", T0, "{\"temp\":3}"), T0);

    List<String> devices = new ArrayList<>();
    try (WindowStoreIterator<DeviceRollup> windows =
        rollupStore().fetch("d-1", T0.minusSeconds(60), T0.plusSeconds(60))) {
      windows.forEachRemaining(kv -> devices.add(kv.value.deviceId()));
    }
    assertThat(devices).containsExactly("d-1");
    assertThat(rollupStore().fetch("d-10", T0.toEpochMilli()).metrics()).containsOnlyKeys("temp");
  }

  @Test
  void shouldKeepRecentAnomaliesBoundedPerDeviceAndSetLastAnomaly() {
    TopologyConfig config =
        TopologyConfig.defaults(new Topics("test."))
            .withProjections(
                new ProjectionConfig(
                    Duration.ofMinutes(1),
                    Duration.ZERO,
                    Duration.ofHours(1),
                    Duration.ofHours(24),
                    2,
                    ProjectionConfig.DEFAULTS.rollupEmit(),
                    Duration.ZERO));
    CountingTopologyMetrics metrics = new CountingTopologyMetrics();
    config = config.withMetrics(metrics);
    try (TopologyTestDriver driver =
        TopologyFixture.driver(
            CornjacketTopology.anomalyProjectionOnly(config),
            config,
            stateDir.resolve("anomalies"))) {
      Topic<String, Anomaly> anomalies = config.topics().anomalies();
      TestInputTopic<String, Anomaly> input =
          driver.createInputTopic(
              anomalies.name(),
              anomalies.keySerde().serializer(),
              anomalies.valueSerde().serializer());
      input.pipeInput("d-1", anomaly("d-1", "e1", T0), T0);
      input.pipeInput("d-2", anomaly("d-2", "e2", T0.plusSeconds(1)), T0);
      input.pipeInput("d-1", anomaly("d-1", "e3", T0.plusSeconds(2)), T0);
      input.pipeInput("d-1", anomaly("d-1", "e4", T0.plusSeconds(3)), T0);

      WindowStore<String, Anomaly> store =
          driver.getWindowStore(CornjacketTopology.ANOMALIES_STORE);
      List<String> ofDevice = new ArrayList<>();
      try (WindowStoreIterator<Anomaly> it =
          store.fetch("d-1", T0.minusSeconds(1), T0.plusSeconds(10))) {
        it.forEachRemaining(kv -> ofDevice.add(kv.value.eventId()));
      }
      assertThat(ofDevice).containsExactly("e1", "e3");
      assertThat(metrics.anomaliesNotKept()).isEqualTo(1);

      List<String> since = new ArrayList<>();
      try (KeyValueIterator<Windowed<String>, Anomaly> all =
          store.fetchAll(T0.plusMillis(500), T0.plusSeconds(10))) {
        all.forEachRemaining(kv -> since.add(kv.value.eventId()));
      }
      assertThat(since).containsExactlyInAnyOrder("e2", "e3");

      KeyValueStore<String, DeviceLatest> latest =
          driver.getKeyValueStore(CornjacketTopology.DEVICE_LATEST_STORE);
      assertThat(latest.get("d-1").lastAnomaly().eventId()).isEqualTo("e4");
      List<KeyValue<String, DeviceLatest>> snapshots =
          driver
              .createOutputTopic(
                  config.topics().deviceLatest().name(),
                  config.topics().deviceLatest().keySerde().deserializer(),
                  config.topics().deviceLatest().valueSerde().deserializer())
              .readKeyValuesToList();
      assertThat(snapshots).hasSize(4);
    }
  }

  private static Anomaly anomaly(String device, String eventId, Instant ts) {
    return new Anomaly(
        Anomaly.idOf(eventId, "temp"),
        eventId,
        device,
        "temp",
        99,
        0.99,
        ts,
        "test",
        List.of("value far above its recent range"));
  }
}
