package dev.cornjacket.topology.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceLatest.MetricReading;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class DeviceLatestStoreSerdeTest {

  private static final DeviceLatestStoreSerde SERDE = new DeviceLatestStoreSerde();
  private static final String TOPIC = "cornjacket-device-latest-changelog";
  private static final Instant TS = Instant.parse("2026-11-22T10:00:00.123456Z");

  private static DeviceLatest full() {
    Map<String, MetricReading> metrics = new LinkedHashMap<>();
    metrics.put("temperature", new MetricReading(21.5, TS, 0.12));
    metrics.put("humidity", new MetricReading(-0.0, TS.minusSeconds(5), null));
    Anomaly anomaly =
        new Anomaly(
            "a-1", "e-9", "device-7", "temperature", 95, 0.98, TS, "1.2.0", List.of("spike"));
    return new DeviceLatest(
        "device-7",
        TS,
        "e-9",
        TS.plusMillis(3),
        metrics,
        Map.of("firmware", "1.4"),
        Map.of("sensor", 12L, "system", 1L),
        anomaly);
  }

  @Test
  void shouldRoundTripEverythingCompactly() {
    DeviceLatest latest = full();

    byte[] bytes = SERDE.serializer().serialize(TOPIC, latest);

    assertThat(SERDE.deserializer().deserialize(TOPIC, bytes)).isEqualTo(latest);
    assertThat(bytes.length).isLessThan(JsonSerde.of(DeviceLatest.class).write(latest).length);
  }

  @Test
  void shouldRoundTripASnapshotWithNothingOptional() {
    DeviceLatest bare = new DeviceLatest("d", null, null, null, null, null, null, null);

    byte[] bytes = SERDE.serializer().serialize(TOPIC, bare);

    assertThat(SERDE.deserializer().deserialize(TOPIC, bytes)).isEqualTo(bare);
  }

  @Test
  void shouldReadValuesWrittenAsJsonByEarlierVersions() {
    DeviceLatest latest = full();
    byte[] json = JsonSerde.of(DeviceLatest.class).write(latest);

    assertThat(SERDE.deserializer().deserialize(TOPIC, json)).isEqualTo(latest);
  }

  @Test
  void shouldNameTheTopicOnBytesItCannotRead() {
    byte[] bytes = SERDE.serializer().serialize(TOPIC, full());
    byte[] truncated = Arrays.copyOf(bytes, bytes.length / 2);
    byte[] unknown = bytes.clone();
    unknown[0] = 7;

    assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC);
    assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, unknown))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Unknown device-latest format 7");
  }
}
