package dev.cornjacket.topology.projection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.anomaly.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** The wire formats of the projection topics, as the sinks read them. */
class ProjectionJsonTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private final Topics topics = new Topics();

  @Test
  void shouldWriteADevicesWindowWithEveryMetricInNameOrder() {
    DeviceRollup window =
        DeviceRollup.empty("d-1", T0, Duration.ofMinutes(1))
            .add(Map.of("temp", 20.0, "hum", 40.0))
            .add(Map.of("temp", 22.0))
            .add(Map.of("temp", -1.5));

    byte[] bytes = topics.rollups1m().valueSerde().serializer().serialize("t", window);

    assertThat(new String(bytes, UTF_8))
        .isEqualTo(
            "{\"device_id\":\"d-1\",\"window_start\":\"2026-11-22T10:00:00Z\","
                + "\"window_end\":\"2026-11-22T10:01:00Z\",\"metrics\":{"
                + "\"hum\":{\"count\":1,\"min\":40.0,\"max\":40.0,\"sum\":40.0,\"avg\":40.0},"
                + "\"temp\":{\"count\":3,\"min\":-1.5,\"max\":22.0,\"sum\":40.5,\"avg\":13.5}}}");
    assertThat(topics.rollups1m().valueSerde().deserializer().deserialize("t", bytes))
        .isEqualTo(window);
  }

  @Test
  void shouldWriteOneMetricsWindowAsTheQueryApiAnswersIt() {
    Rollup rollup =
        DeviceRollup.empty("d-1", T0, Duration.ofMinutes(1))
            .add(Map.of("temp", 20.0, "hum", 40.0))
            .add(Map.of("temp", 22.0))
            .add(Map.of("temp", -1.5))
            .rollup("temp")
            .orElseThrow();

    assertThat(new String(JsonSerde.of(Rollup.class).write(rollup), UTF_8))
        .isEqualTo(
            "{\"device_id\":\"d-1\",\"metric\":\"temp\",\"window_start\":\"2026-11-22T10:00:00Z\","
                + "\"window_end\":\"2026-11-22T10:01:00Z\",\"count\":3,\"min\":-1.5,\"max\":22.0,"
                + "\"sum\":40.5,\"avg\":13.5}");
  }

  @Test
  void shouldRoundTripDeviceLatestWithItsLastAnomaly() {
    Anomaly anomaly =
        new Anomaly(
            Anomaly.idOf("e-9", "temp"),
            "e-9",
            "d-1",
            "temp",
            99.5,
            0.97,
            T0,
            "v1",
            List.of("value far above recent range"));
    DeviceLatest latest =
        new DeviceLatest(
            "d-1",
            T0,
            "e-9",
            T0.plusMillis(5),
            Map.of("temp", new DeviceLatest.MetricReading(99.5, T0, 0.97)),
            Map.of("fw", "1.0"),
            Map.of("sensor", 3L),
            anomaly);

    byte[] bytes = topics.deviceLatest().valueSerde().serializer().serialize("t", latest);

    assertThat(new String(bytes, UTF_8)).contains("\"last_anomaly\":{\"anomaly_id\":\"e-9/temp\"");
    assertThat(topics.deviceLatest().valueSerde().deserializer().deserialize("t", bytes))
        .isEqualTo(latest);
  }

  @Test
  void shouldLeaveOutAbsentScoreAndAnomaly() {
    DeviceLatest latest =
        new DeviceLatest(
            "d-1",
            T0,
            null,
            T0,
            Map.of("temp", new DeviceLatest.MetricReading(1, T0, null)),
            Map.of(),
            Map.of(),
            null);

    String json =
        new String(topics.deviceLatest().valueSerde().serializer().serialize("t", latest), UTF_8);

    assertThat(json).doesNotContain("score").doesNotContain("last_anomaly");
  }

  @Test
  void shouldNameTopicAndTypeOfMalformedRecord() {
    assertThatExceptionOfType(SerializationException.class)
        .isThrownBy(
            () ->
                topics
                    .anomalies()
                    .valueSerde()
                    .deserializer()
                    .deserialize("cj.anomalies", "{\"score\":".getBytes(UTF_8)))
        .withMessageStartingWith("Malformed Anomaly in topic cj.anomalies");
  }
}
