package dev.cornjacket.topology.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.projection.Rollup;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class RollupStoreSerdeTest {

  private static final RollupStoreSerde SERDE = new RollupStoreSerde();
  private static final String TOPIC = "cornjacket-rollup-1m-changelog";

  private static Rollup rollup() {
    return Rollup.empty(
            "device-7", "temperature", Instant.parse("2026-11-22T10:00:00Z"), Duration.ofMinutes(1))
        .add(21.5)
        .add(-3.25);
  }

  @Test
  void shouldRoundTripCompactly() {
    Rollup rollup = rollup();

    byte[] bytes = SERDE.serializer().serialize(TOPIC, rollup);

    assertThat(SERDE.deserializer().deserialize(TOPIC, bytes)).isEqualTo(rollup);
    assertThat(bytes.length).isLessThan(JsonSerde.of(Rollup.class).write(rollup).length);
  }

  @Test
  void shouldKeepAnEmptyWindowsInfinitiesAndNanoseconds() {
    Rollup empty =
        Rollup.empty("d", "m", Instant.ofEpochSecond(1_795_399_200L, 123), Duration.ofMinutes(1));

    byte[] bytes = SERDE.serializer().serialize(TOPIC, empty);

    assertThat(SERDE.deserializer().deserialize(TOPIC, bytes)).isEqualTo(empty);
  }

  @Test
  void shouldReadValuesWrittenAsJsonByEarlierVersions() {
    Rollup rollup = rollup();
    byte[] json = JsonSerde.of(Rollup.class).write(rollup);

    assertThat(SERDE.deserializer().deserialize(TOPIC, json)).isEqualTo(rollup);
  }

  @Test
  void shouldNameTheTopicOnBytesItCannotRead() {
    byte[] bytes = SERDE.serializer().serialize(TOPIC, rollup());
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 3);
    byte[] unknown = bytes.clone();
    unknown[0] = 9;

    assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining(TOPIC);
    assertThatThrownBy(() -> SERDE.deserializer().deserialize(TOPIC, unknown))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("Unknown rollup format 9");
  }
}
