package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.config.AnomalySettings;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.anomaly.DetectorParameters;
import dev.cornjacket.topology.anomaly.DeviceModelStates;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The score step of the topology: scores on the sensor topic, anomalies, failures, versions. */
class AnomalyScorerTest {

  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
  private static final int PROBATION = 100;

  @TempDir Path stateDir;
  private TopologyFixture topology;
  private TestOutputTopic<String, Anomaly> anomalies;

  @BeforeEach
  void setUp() {
    topology =
        new TopologyFixture(
            stateDir,
            config ->
                config
                    .withAnomaly(new AnomalySettings(0.5, PROBATION))
                    // the driver commits after every record: RocksDB would make this test slow
                    .withStores(TopologyConfig.StoreKind.IN_MEMORY));
    anomalies = topology.output(topology.topics.anomalies());
  }

  @AfterEach
  void tearDown() {
    topology.close();
  }

  private void sendReading(String device, int i, double temperature, double humidity) {
    Instant ts = START.plus(Duration.ofMinutes(i));
    topology.send(
        device,
        """
        {"event_id":"e-%d","device_id":"%s","type":"sensor","ts":"%s",
         "metrics":{"temperature":%s,"humidity":%s}}"""
            .formatted(i, device, ts, temperature, humidity),
        ts);
  }

  /** A quiet daily-like wave: the device's normal. */
  private static double normal(int i) {
    return 20 + Math.sin(i * 2 * Math.PI / 60);
  }

  @Test
  void shouldScoreEveryMetricOnTheSensorTopic() {
    for (int i = 0; i < 400; i++) {
      sendReading("dev-1", i, normal(i), 40);
    }

    List<Event> events = topology.sensor.readValuesToList();
    assertThat(events).hasSize(400);
    assertThat(events)
        .allSatisfy(
            event -> {
              assertThat(event.scores()).containsOnlyKeys("temperature", "humidity");
              assertThat(event.scores().values())
                  .allSatisfy(s -> assertThat(s).isBetween(0.0, 1.0));
            });
  }

  @Test
  void shouldScoreZeroDuringProbation() {
    for (int i = 0; i < PROBATION; i++) {
      sendReading("dev-1", i, i % 7 == 0 ? 1000 * i : normal(i), 40);
    }

    assertThat(topology.sensor.readValuesToList())
        .allSatisfy(event -> assertThat(event.scores().values()).containsOnly(0.0));
    assertThat(anomalies.isEmpty()).isTrue();
  }

  @Test
  void shouldSendASpikeToTheAnomaliesTopicWithVersionAndReasons() {
    for (int i = 0; i < 600; i++) {
      sendReading("dev-1", i, normal(i), 40);
    }
    assertThat(anomalies.isEmpty()).isTrue();
    topology.sensor.readValuesToList();

    sendReading("dev-1", 600, 98.1, 40);
    for (int i = 601; i < 620; i++) {
      sendReading("dev-1", i, normal(i), 40);
    }

    List<Anomaly> found = anomalies.readValuesToList();
    assertThat(found).isNotEmpty();
    Anomaly anomaly = found.getFirst();
    int index = (int) Duration.between(START, anomaly.ts()).toMinutes();
    assertThat(index).as("detected at most 10 readings late").isBetween(600, 610);
    assertThat(anomaly.anomalyId()).isEqualTo("e-" + index + "/temperature");
    assertThat(anomaly.eventId()).isEqualTo("e-" + index);
    assertThat(anomaly.deviceId()).isEqualTo("dev-1");
    assertThat(anomaly.metric()).isEqualTo("temperature");
    assertThat(anomaly.score()).isBetween(0.5, 1.0);
    assertThat(anomaly.modelVersion()).isEqualTo(DetectorParameters.DEFAULTS.version());
    assertThat(anomaly.reasons()).isNotEmpty();
    Event scored = topology.sensor.readValuesToList().get(index - 600);
    assertThat(scored.scores().get("temperature")).isEqualTo(anomaly.score());
    assertThat(anomaly.value()).isEqualTo(scored.metrics().get("temperature"));
    assertThat(scored.scores().get("humidity")).isLessThan(0.5);

    // The projections saw it too: the device's recent anomalies and its last anomaly
    org.apache.kafka.streams.state.WindowStore<String, Anomaly> recent =
        topology.driver.getWindowStore(CornjacketTopology.ANOMALIES_STORE);
    List<String> recentIds = new java.util.ArrayList<>();
    try (var stored = recent.fetch("dev-1", START, START.plus(Duration.ofDays(1)))) {
      stored.forEachRemaining(entry -> recentIds.add(entry.value.anomalyId()));
    }
    assertThat(recentIds)
        .containsExactlyElementsOf(found.stream().map(Anomaly::anomalyId).toList());
    org.apache.kafka.streams.state.KeyValueStore<
            String, dev.cornjacket.topology.projection.DeviceLatest>
        latest = topology.driver.getKeyValueStore(CornjacketTopology.DEVICE_LATEST_STORE);
    assertThat(latest.get("dev-1").lastAnomaly()).isEqualTo(found.getLast());
    assertThat(latest.get("dev-1").metrics().get("temperature").score()).isNotNull();

    // ...and the alert de-duplication: the first anomaly raised an alert
    List<dev.cornjacket.topology.alert.Alert> alerts =
        topology.output(topology.topics.alerts()).readValuesToList();
    assertThat(alerts.getFirst())
        .isEqualTo(
            dev.cornjacket.topology.alert.Alert.raisedBy(
                found.getFirst(), TopologyConfig.DEFAULT_ALERT_WINDOW));
  }

  @Test
  void shouldKeepEachDevicesModelsApart() {
    for (int i = 0; i < 600; i++) {
      sendReading("dev-1", i, normal(i), 40);
      sendReading("dev-2", i, 500 + 100 * normal(i), 40);
    }
    sendReading("dev-2", 600, 500 + 100 * normal(600), 40);

    assertThat(anomalies.isEmpty()).isTrue();
    KeyValueStore<String, byte[]> store =
        topology.driver.getKeyValueStore(CornjacketTopology.ANOMALY_MODEL_STORE);
    assertThat(DeviceModelStates.read(store.get("dev-1")))
        .containsOnlyKeys("temperature", "humidity");
    assertThat(store.get("dev-1").length).isLessThan(8 * 1024);
  }

  @Test
  void shouldDeadLetterUnreadableModelsAndGoOn() {
    sendReading("dev-1", 0, 20, 40);
    topology.sensor.readValuesToList();
    KeyValueStore<String, byte[]> store =
        topology.driver.getKeyValueStore(CornjacketTopology.ANOMALY_MODEL_STORE);
    store.put("dev-1", new byte[] {42, 1, 2});

    sendReading("dev-1", 1, 20, 40);

    List<DeadLetters.DeadLetter> letters = topology.readDeadLetters();
    assertThat(letters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.stage()).isEqualTo(DeadLetters.STAGE_SCORE);
              assertThat(letter.reason()).isEqualTo("unreadable_model_state");
              assertThat(letter.message()).contains("format 42");
              assertThat(new String(letter.value())).contains("\"event_id\":\"e-1\"");
            });
    assertThat(topology.sensor.readValuesToList())
        .singleElement()
        .satisfies(event -> assertThat(event.scores()).containsOnlyKeys("temperature", "humidity"));
    assertThat(DeviceModelStates.read(store.get("dev-1")))
        .containsOnlyKeys("temperature", "humidity");
    assertThat(topology.metrics.deadLettersByReason()).containsEntry("unreadable_model_state", 1L);
  }

  @Test
  void shouldScoreWithThePublishedParametersAndNameTheirVersion() {
    DetectorParameters published =
        new DetectorParameters(
            DetectorParameters.DEFAULTS.model(),
            "9.9.9-test",
            DetectorParameters.DEFAULTS.window(),
            DetectorParameters.DEFAULTS.pool(),
            DetectorParameters.DEFAULTS.prototypes(),
            DetectorParameters.DEFAULTS.vigilance(),
            DetectorParameters.DEFAULTS.learningRate(),
            DetectorParameters.DEFAULTS.history(),
            DetectorParameters.DEFAULTS.densityWeight(),
            DetectorParameters.DEFAULTS.shortWindow(),
            DetectorParameters.DEFAULTS.longWindow(),
            DetectorParameters.DEFAULTS.quietAfterAlert(),
            DetectorParameters.DEFAULTS.alertLevel(),
            DetectorParameters.DEFAULTS.coarsePool(),
            DetectorParameters.DEFAULTS.coarseVigilance(),
            DetectorParameters.DEFAULTS.spatialTolerance(),
            DetectorParameters.DEFAULTS.breakThroughAfter());
    TestInputTopic<String, DetectorParameters> models =
        topology.driver.createInputTopic(
            topology.topics.models().name(),
            topology.topics.models().keySerde().serializer(),
            topology.topics.models().valueSerde().serializer());
    models.pipeInput(published.model(), published);

    for (int i = 0; i < 600; i++) {
      sendReading("dev-1", i, normal(i), 40);
    }
    sendReading("dev-1", 600, 98.1, 40);
    for (int i = 601; i < 620; i++) {
      sendReading("dev-1", i, normal(i), 40);
    }

    assertThat(anomalies.readValuesToList())
        .isNotEmpty()
        .allSatisfy(anomaly -> assertThat(anomaly.modelVersion()).isEqualTo("9.9.9-test"));
  }

  @Test
  void shouldLeaveOtherEventTypesUnscored() {
    topology.send(
        "dev-1",
        """
        {"event_id":"s-1","device_id":"dev-1","type":"system","ts":"%s","metrics":{"cpu":99}}"""
            .formatted(START),
        START);

    assertThat(topology.system.readValue().scores()).isEqualTo(Map.of());
    assertThat(
            topology
                .driver
                .getKeyValueStore(CornjacketTopology.ANOMALY_MODEL_STORE)
                .approximateNumEntries())
        .isZero();
  }
}
