package dev.cornjacket.topology.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.projection.DeviceRollup;
import dev.cornjacket.topology.projection.Rollup;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class DeviceRollupStoreSerdeTest {

  private static final DeviceRollupStoreSerde SERDE = new DeviceRollupStoreSerde();
  private static final String TOPIC = "cornjacket-device-rollup-1m-changelog";
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private static DeviceRollup window() {
    return DeviceRollup.empty("device-7", T0, Duration.ofMinutes(1))
        .add(Map.of("temperature", 21.5, "humidity", 40.0))
        .add(Map.of("temperature", -3.25));
  }

  @Test
  void shouldRoundTripAllMetricsCompactly() {
    DeviceRollup window = window();

    byte[] bytes = SERDE.serializer().serialize(TOPIC, window);

    assertThat(SERDE.deserializer().deserialize(TOPIC, bytes)).isEqualTo(window);
    assertThat(bytes[0]).isEqualTo(DeviceRollupStoreSerde.FORMAT);
    assertThat(bytes.length).isLessThan(JsonSerde.of(DeviceRollup.class).write(window).length);
  }

  @Test
  void shouldKeepAnEmptyWindowAndNanoseconds() {
    DeviceRollup empty =
        DeviceRollup.empty("d", Instant.ofEpochSecond(1_795_399_200L, 123), Duration.ofMinutes(1));

    byte[] bytes = SERDE.serializer().serialize(TOPIC, empty);

    assertThat(SERDE.deserializer().deserialize(TOPIC, bytes)).isEqualTo(empty);
  }

  @Test
  void shouldRefuseTheFormerOneMetricValuesRatherThanMisreadThem() throws IOException {
    // what the former rollup-1m store held: format 1, or JSON from before it
    byte[] format1 = formerFormat1("device-7", "temperature");
    byte[] json =
        JsonSerde.of(Rollup.class)
            .write(new Rollup("device-7", "temperature", T0, T0.plusSeconds(60), 1, 2, 2, 2));

    assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, format1))
        .isInstanceOf(SerializationException.class)
        .hasMessage(
            "Unknown device rollup format 1 in " + TOPIC + " (" + format1.length + " bytes)");
    assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, json))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Unknown device rollup format " + (byte) '{' + " in " + TOPIC);
  }

  @Test
  void shouldNameTheTopicOnBytesItCannotRead() {
    byte[] bytes = SERDE.serializer().serialize(TOPIC, window());
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
    byte[] hugeCount = bytes.clone();
    // the metric count follows the format byte, the device id and two instants
    int countAt = 1 + 2 + "device-7".getBytes(StandardCharsets.UTF_8).length + 12 + 12;
    hugeCount[countAt] = 0x7f;

    assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Truncated device rollup in " + TOPIC);
    assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, longer))
        .isInstanceOf(SerializationException.class)
        .hasMessage("Device rollup in " + TOPIC + " has 2 extra bytes");
    assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, hugeCount))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("Device rollup in " + TOPIC + " claims ");
  }

  /** One metric's window in the former store's format 1, byte for byte. */
  private static byte[] formerFormat1(String device, String metric) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF(device);
      out.writeUTF(metric);
      StoreInstants.write(out, T0);
      StoreInstants.write(out, T0.plusSeconds(60));
      out.writeLong(1);
      out.writeDouble(2);
      out.writeDouble(2);
      out.writeDouble(2);
    }
    return bytes.toByteArray();
  }
}
