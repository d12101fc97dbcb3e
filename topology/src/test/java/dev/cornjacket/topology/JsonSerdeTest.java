package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.topology.projection.Rollup;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class JsonSerdeTest {

  private static final JsonSerde<Rollup> ROLLUPS = JsonSerde.of(Rollup.class);

  @Test
  void shouldWriteInstantsAsRfc3339InUtcAndReadThemBack() {
    Rollup rollup =
        new Rollup(
            "d-1",
            "t",
            Instant.parse("2026-11-22T10:00:00Z"),
            Instant.parse("2026-11-22T10:01:00.120Z"),
            3,
            1,
            2,
            4.5);

    byte[] json = ROLLUPS.write(rollup);

    assertThat(new String(json, StandardCharsets.UTF_8))
        .contains("\"window_start\":\"2026-11-22T10:00:00Z\"")
        .contains("\"window_end\":\"2026-11-22T10:01:00.120Z\"");
    assertThat(ROLLUPS.read("t", json)).isEqualTo(rollup);
  }

  @Test
  void shouldReadOffsetsEpochNumbersAndFarYears() {
    String json =
        "{\"device_id\":\"d-1\",\"metric\":\"t\",\"window_start\":\"2026-11-22T11:00:00+01:00\","
            + "\"window_end\":\"+12026-01-01T00:00:00Z\",\"count\":1,\"min\":0,\"max\":0,\"sum\":0}";

    Rollup rollup = ROLLUPS.read("t", json.getBytes(StandardCharsets.UTF_8));

    assertThat(rollup.windowStart()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
    assertThat(rollup.windowEnd()).isEqualTo(Instant.parse("+12026-01-01T00:00:00Z"));
    Rollup fromNumber =
        ROLLUPS.read(
            "t",
            json.replace("\"2026-11-22T11:00:00+01:00\"", "1795399200.000")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(fromNumber.windowStart()).isEqualTo(Instant.ofEpochSecond(1795399200L));
  }

  @Test
  void shouldNameTheTopicOnAnImpossibleInstant() {
    String json =
        "{\"device_id\":\"d-1\",\"metric\":\"t\",\"window_start\":\"2026-02-30T10:00:00Z\","
            + "\"window_end\":\"2026-11-22T10:00:00Z\",\"count\":1,\"min\":0,\"max\":0,\"sum\":0}";

    assertThatThrownBy(() -> ROLLUPS.read("cj.proj.rollups_1m", json.getBytes()))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("cj.proj.rollups_1m");
  }
}
