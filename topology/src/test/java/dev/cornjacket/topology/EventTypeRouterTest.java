package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 3: each valid, new event goes to its type's topic, keyed by device, timestamped by ts. */
class EventTypeRouterTest {

  private static final Instant RECEIVED = Instant.parse("2026-11-22T10:00:00Z");
  private static final Event.Ingest INGEST =
      new Event.Ingest(RECEIVED, TopologyFixture.SOURCE, TopologyFixture.PRINCIPAL);
  private static final Instant TS = Instant.parse("2026-11-22T09:59:58.250Z");

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

  @Test
  void shouldRouteSensorEventKeyedByDeviceWithTsAsTimestamp() {
    topology.send(
        "dev-1",
        """
        {"event_id":"s-1","device_id":"dev-1","type":"sensor","ts":"2026-11-22T10:59:58.250+01:00",
         "metrics":{"temperature":21.5,"humidity":40},"attrs":{"firmware":"1.4.2"},"extra":true}""",
        RECEIVED);

    TestRecord<String, Event> record = topology.sensor.readRecord();
    assertThat(record.key()).isEqualTo("dev-1");
    assertThat(record.timestamp()).isEqualTo(TS.toEpochMilli());
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("temperature", 21.5);
    metrics.put("humidity", 40.0);
    assertThat(record.value())
        .isEqualTo(
            new Event("s-1", "dev-1", EventType.SENSOR, TS, metrics, Map.of("firmware", "1.4.2"))
                .withIngest(INGEST)
                // scored: a new device's first reading is in probation, so 0
                .withScores(Map.of("temperature", 0.0, "humidity", 0.0)));
    assertThat(topology.userAction.isEmpty()).isTrue();
    assertThat(topology.system.isEmpty()).isTrue();
  }

  @Test
  void shouldRouteUserActionEventToItsTopic() {
    topology.send(
        "kiosk-3",
        """
        {"event_id":"u-1","device_id":"kiosk-3","type":"user_action","ts":%d,"attrs":{"button":"ok"}}"""
            .formatted(TS.toEpochMilli()),
        RECEIVED);

    TestRecord<String, Event> record = topology.userAction.readRecord();
    assertThat(record.key()).isEqualTo("kiosk-3");
    assertThat(record.timestamp()).isEqualTo(TS.toEpochMilli());
    assertThat(record.value())
        .isEqualTo(
            new Event("u-1", "kiosk-3", EventType.USER_ACTION, TS, Map.of(), Map.of("button", "ok"))
                .withIngest(INGEST));
    assertThat(topology.sensor.isEmpty()).isTrue();
    assertThat(topology.system.isEmpty()).isTrue();
  }

  @Test
  void shouldRouteSystemEventToItsTopic() {
    topology.send(
        "gw:7",
        "{\"event_id\":\"y-1\",\"device_id\":\"gw:7\",\"type\":\"system\",\"ts\":\"" + TS + "\"}",
        RECEIVED);

    TestRecord<String, Event> record = topology.system.readRecord();
    assertThat(record.key()).isEqualTo("gw:7");
    assertThat(record.timestamp()).isEqualTo(TS.toEpochMilli());
    assertThat(record.value())
        .isEqualTo(
            new Event("y-1", "gw:7", EventType.SYSTEM, TS, Map.of(), Map.of()).withIngest(INGEST));
    assertThat(topology.sensor.isEmpty()).isTrue();
    assertThat(topology.userAction.isEmpty()).isTrue();
    assertThat(topology.metrics.validatedByType())
        .isEqualTo(Map.of(EventType.SENSOR, 0L, EventType.USER_ACTION, 0L, EventType.SYSTEM, 1L));
  }

  @Test
  void shouldWriteEventsAsCompactJson() {
    topology.send(
        "dev-1",
        """
        {"event_id": "s-1", "device_id": "dev-1", "type": "sensor", "ts": "%s",
         "metrics": {"temperature": 21.5}}"""
            .formatted(TS),
        RECEIVED);

    byte[] value =
        topology
            .driver
            .createOutputTopic(
                topology.topics.sensor().name(),
                Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer())
            .readValue();
    assertThat(new String(value, UTF_8))
        .isEqualTo(
            "{\"event_id\":\"s-1\",\"device_id\":\"dev-1\",\"type\":\"sensor\","
                + "\"ts\":\"2026-11-22T09:59:58.250Z\",\"metrics\":{\"temperature\":21.5},"
                + "\"attrs\":{},\"scores\":{\"temperature\":0.0},\"received_at\":\""
                + RECEIVED
                + "\",\"source\":\"http\",\"principal\":\""
                + TopologyFixture.PRINCIPAL
                + "\"}");
  }

  @Test
  void shouldKeepOrderOfEachDevice() {
    for (int i = 0; i < 5; i++) {
      Instant ts = TS.plusSeconds(i % 2 == 0 ? i : -i); // device clock jitter: ts out of order
      topology.send(
          "dev-1", TopologyFixture.sensorEvent("dev-1", "e-" + i, ts), RECEIVED.plusMillis(i));
    }

    assertThat(topology.sensor.readRecordsToList())
        .extracting(record -> record.value().eventId(), TestRecord::timestamp)
        .containsExactly(
            tuple("e-0", TS.toEpochMilli()),
            tuple("e-1", TS.minusSeconds(1).toEpochMilli()),
            tuple("e-2", TS.plusSeconds(2).toEpochMilli()),
            tuple("e-3", TS.minusSeconds(3).toEpochMilli()),
            tuple("e-4", TS.plusSeconds(4).toEpochMilli()));
  }
}
