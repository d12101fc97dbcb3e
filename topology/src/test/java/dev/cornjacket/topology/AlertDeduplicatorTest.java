package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.topology.alert.Alert;
import dev.cornjacket.topology.alert.Severity;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.internal.processor.AlertDeduplicator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert de-duplication: one alert per {@code (device_id, alert_type)} and 5-minute window, a
 * summary with the suppressed count when the window closes, and state that survives a restore.
 */
class AlertDeduplicatorTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration WINDOW = TopologyConfig.DEFAULT_ALERT_WINDOW;

  @TempDir Path stateDir;
  private final CountingTopologyMetrics metrics = new CountingTopologyMetrics();
  private final TopologyConfig config =
      TopologyConfig.defaults(new Topics("test.")).withMetrics(metrics);
  private TopologyTestDriver driver;
  private TestInputTopic<String, Anomaly> anomalies;
  private TestOutputTopic<String, Alert> alerts;

  @AfterEach
  void closeDriver() {
    if (driver != null) {
      driver.close();
    }
  }

  private void openDriver(TopologyConfig topologyConfig, Path dir) {
    driver =
        TopologyFixture.driver(
            CornjacketTopology.alertDeduplicationOnly(topologyConfig), topologyConfig, dir);
    Topic<String, Anomaly> in = topologyConfig.topics().anomalies();
    anomalies =
        driver.createInputTopic(
            in.name(), in.keySerde().serializer(), in.valueSerde().serializer());
    Topic<String, Alert> out = topologyConfig.topics().alerts();
    alerts =
        driver.createOutputTopic(
            out.name(), out.keySerde().deserializer(), out.valueSerde().deserializer());
  }

  private static Anomaly anomaly(String device, String eventId, String metric, Instant ts) {
    return new Anomaly(
        Anomaly.idOf(eventId, metric),
        eventId,
        device,
        metric,
        98.1,
        0.97,
        ts,
        "ctx-1",
        List.of("value far above the usual range"));
  }

  private void send(String device, String eventId, Duration after) {
    send(device, eventId, "temperature", after);
  }

  private void send(String device, String eventId, String metric, Duration after) {
    Instant ts = T0.plus(after);
    anomalies.pipeInput(device, anomaly(device, eventId, metric, ts), ts);
  }

  @Test
  void shouldRaiseOneAlertForRepeatsWithinTheWindow() {
    openDriver(config, stateDir);

    send("dev-1", "e-1", Duration.ZERO);
    send("dev-1", "e-2", Duration.ofMinutes(1));
    send("dev-1", "e-3", WINDOW.minusMillis(1));

    List<KeyValue<String, Alert>> out = alerts.readKeyValuesToList();
    assertThat(out).hasSize(1);
    assertThat(out.getFirst().key).isEqualTo("dev-1");
    Alert alert = out.getFirst().value;
    assertThat(alert.alertId()).isEqualTo("dev-1/e-1/temperature");
    assertThat(alert.kind()).isEqualTo(Alert.RAISED);
    assertThat(alert.alertType()).isEqualTo("anomaly.temperature");
    assertThat(alert.severity()).isEqualTo(Severity.CRITICAL.wireName());
    assertThat(alert.raisedAt()).isEqualTo(T0);
    assertThat(alert.windowEndsAt()).isEqualTo(T0.plus(WINDOW));
    assertThat(alert.anomalyId()).isEqualTo("e-1/temperature");
    assertThat(alert.value()).isEqualTo(98.1);
    assertThat(alert.score()).isEqualTo(0.97);
    assertThat(alert.modelVersion()).isEqualTo("ctx-1");
    assertThat(alert.reasons()).containsExactly("value far above the usual range");
    assertThat(alert.suppressed()).isZero();
    assertThat(openAlert("dev-1", "anomaly.temperature").suppressed()).isEqualTo(2);
    assertThat(metrics.alertsRaised()).isEqualTo(1);
    assertThat(metrics.alertsSuppressed()).isEqualTo(2);
  }

  @Test
  void shouldRaiseANewAlertAfterTheWindowAndSummariseTheSuppressedRepeats() {
    openDriver(config, stateDir);

    send("dev-1", "e-1", Duration.ZERO);
    send("dev-1", "e-2", Duration.ofMinutes(2));
    send("dev-1", "e-3", Duration.ofMinutes(3));
    send("dev-1", "e-4", WINDOW);

    List<Alert> out = alerts.readValuesToList();
    assertThat(out)
        .extracting(Alert::alertId, Alert::kind, Alert::suppressed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dev-1/e-1/temperature", Alert.RAISED, 0L),
            org.assertj.core.groups.Tuple.tuple("dev-1/e-1/temperature", Alert.SUMMARY, 2L),
            org.assertj.core.groups.Tuple.tuple("dev-1/e-4/temperature", Alert.RAISED, 0L));
    assertThat(metrics.alertsRaised()).isEqualTo(2);
  }

  @Test
  void shouldKeepDevicesAndAlertTypesApart() {
    openDriver(config, stateDir);

    send("dev-1", "e-1", "temperature", Duration.ZERO);
    send("dev-1", "e-1", "humidity", Duration.ZERO);
    send("dev-2", "e-1", "temperature", Duration.ofSeconds(1));
    send("dev-1", "e-2", "humidity", Duration.ofSeconds(2));

    assertThat(alerts.readValuesToList())
        .extracting(Alert::alertId)
        .containsExactly("dev-1/e-1/temperature", "dev-1/e-1/humidity", "dev-2/e-1/temperature");
  }

  @Test
  void shouldSummariseWhenStreamTimePassesTheWindowEndWithoutAnotherAnomalyOfThatKind() {
    openDriver(config, stateDir);

    send("dev-1", "e-1", Duration.ZERO);
    send("dev-1", "e-2", Duration.ofMinutes(1));
    send("dev-2", "e-9", Duration.ZERO);
    // Another device's anomaly moves stream time past dev-1's window: the punctuator closes both.
    send("dev-3", "e-5", WINDOW.plusMinutes(1));

    List<Alert> out = alerts.readValuesToList();
    assertThat(out)
        .extracting(Alert::alertId, Alert::kind, Alert::suppressed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dev-1/e-1/temperature", Alert.RAISED, 0L),
            org.assertj.core.groups.Tuple.tuple("dev-2/e-9/temperature", Alert.RAISED, 0L),
            org.assertj.core.groups.Tuple.tuple("dev-3/e-5/temperature", Alert.RAISED, 0L),
            org.assertj.core.groups.Tuple.tuple("dev-1/e-1/temperature", Alert.SUMMARY, 1L));
    // Closed windows leave the store; without repeats no summary is sent.
    assertThat(openAlert("dev-1", "anomaly.temperature")).isNull();
    assertThat(openAlert("dev-2", "anomaly.temperature")).isNull();
    assertThat(openAlert("dev-3", "anomaly.temperature")).isNotNull();

    send("dev-1", "e-6", WINDOW.plusMinutes(2));
    assertThat(alerts.readValuesToList())
        .extracting(Alert::alertId, Alert::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dev-1/e-6/temperature", Alert.RAISED));
  }

  @Test
  void shouldKeepSuppressingAfterTheStoreIsRestoredFromItsChangelog() {
    // First instance: raises the alert; its store writes go to the changelog.
    openDriver(config, stateDir.resolve("first"));
    send("dev-1", "e-1", Duration.ZERO);
    send("dev-1", "e-2", Duration.ofMinutes(1));
    assertThat(alerts.readValuesToList()).hasSize(1);
    String changelog = "topology-test-" + CornjacketTopology.ALERTS_OPEN_STORE + "-changelog";
    List<KeyValue<String, Alert>> logged =
        driver
            .createOutputTopic(
                changelog,
                Serdes.String().deserializer(),
                config.topics().alerts().valueSerde().deserializer())
            .readKeyValuesToList();
    assertThat(logged).isNotEmpty();
    driver.close();

    // Second instance on a new, empty state directory (the test driver wipes its state directory
    // on close, so a restart on the same directory cannot be shown here): restore the store the way
    // Kafka Streams
    // does, by applying the changelog in order, then go on with the input.
    openDriver(config, stateDir.resolve("second"));
    KeyValueStore<String, Alert> store =
        driver.getKeyValueStore(CornjacketTopology.ALERTS_OPEN_STORE);
    assertThat(store.approximateNumEntries()).isZero();
    for (KeyValue<String, Alert> entry : logged) {
      if (entry.value == null) {
        store.delete(entry.key);
      } else {
        store.put(entry.key, entry.value);
      }
    }
    send("dev-1", "e-3", Duration.ofMinutes(2));
    send("dev-1", "e-4", WINDOW);

    assertThat(alerts.readValuesToList())
        .extracting(Alert::alertId, Alert::kind, Alert::suppressed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dev-1/e-1/temperature", Alert.SUMMARY, 2L),
            org.assertj.core.groups.Tuple.tuple("dev-1/e-4/temperature", Alert.RAISED, 0L));
  }

  @Test
  void shouldUseTheConfiguredWindow() {
    openDriver(config.withAlertWindow(Duration.ofSeconds(30)), stateDir);

    send("dev-1", "e-1", Duration.ZERO);
    send("dev-1", "e-2", Duration.ofSeconds(29));
    send("dev-1", "e-3", Duration.ofSeconds(30));

    assertThat(alerts.readValuesToList())
        .extracting(Alert::alertId, Alert::kind)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("dev-1/e-1/temperature", Alert.RAISED),
            org.assertj.core.groups.Tuple.tuple("dev-1/e-1/temperature", Alert.SUMMARY),
            org.assertj.core.groups.Tuple.tuple("dev-1/e-3/temperature", Alert.RAISED));
  }

  private Alert openAlert(String device, String alertType) {
    KeyValueStore<String, Alert> store =
        driver.getKeyValueStore(CornjacketTopology.ALERTS_OPEN_STORE);
    return store.get(AlertDeduplicator.keyOf(device, alertType));
  }
}
