package dev.cornjacket.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.sinks.internal.Rows.DeviceLatestRow;
import dev.cornjacket.sinks.internal.Rows.EventRow;
import dev.cornjacket.sinks.internal.Rows.RollupRow;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventSerde;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceRollup;
import dev.cornjacket.topology.projection.Rollup;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BatchTest {

  private static final Topics TOPICS = new Topics("t.");
  private static final Instant T = Instant.parse("2026-11-22T10:00:00Z");
  private static final List<SinkTable<?>> TABLES =
      List.of(new EventsTable(), new AnomaliesTable(), new RollupsTable(), new DeviceLatestTable());

  @Test
  void shouldGroupRowsByTableAndContinueEachPartitionAfterItsLastRecord() {
    Batch batch =
        Batch.of(
            records(
                record(TOPICS.sensor().name(), 0, 7, event("a")),
                record(TOPICS.sensor().name(), 0, 9, event("b")),
                record(TOPICS.system().name(), 2, 3, event("c")),
                record(TOPICS.sensor().name(), 1, 0, "garbage".getBytes(StandardCharsets.UTF_8))),
            new RecordDecoder(TOPICS),
            TABLES);

    assertThat(batch.records()).isEqualTo(4);
    assertThat(batch.rowsByTable().get(TABLES.get(0)))
        .extracting(r -> ((EventRow) r).eventId())
        .containsExactly("a", "b", "c");
    assertThat(batch.nextOffsets())
        .containsExactly(
            Map.entry(new TopicPartition("t.events.sensor", 0), 10L),
            Map.entry(new TopicPartition("t.events.sensor", 1), 1L),
            Map.entry(new TopicPartition("t.events.system", 2), 4L));
    assertThat(batch.undecodable())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).isEqualTo("deserialization_error");
              assertThat(d.origin().offset()).isZero();
            });

    Batch rest = batch.without(List.of(new TopicPartition("t.events.sensor", 0)));
    assertThat(rest.records()).isEqualTo(2);
    assertThat(rest.nextOffsets()).hasSize(2);
    assertThat(batch.without(new ArrayList<>(batch.nextOffsets().keySet())).isEmpty()).isTrue();
  }

  @Test
  void shouldKeepTheNewestSnapshotOfEachDeviceAndTheFullestUpdateOfEachWindow() {
    DeviceLatestTable latest = new DeviceLatestTable();
    List<DeviceLatestRow> snapshots =
        List.of(
            snapshot("d1", "e1", T),
            snapshot("d1", "e3", T.plusSeconds(2)),
            snapshot("d2", "e2", T),
            snapshot("d1", "e2", T.plusSeconds(1)));
    assertThat(latest.reduce(snapshots))
        .extracting(r -> r.latest().lastEventId())
        .containsExactly("e3", "e2");

    RollupsTable rollups = new RollupsTable();
    Rollup one = new Rollup("d1", "m", T, T.plusSeconds(60), 1, 1, 1, 1);
    Rollup two = new Rollup("d1", "m", T, T.plusSeconds(60), 2, 1, 2, 3);
    Rollup other = new Rollup("d1", "m", T.plusSeconds(60), T.plusSeconds(120), 1, 5, 5, 5);
    List<RollupRow> updates = List.of(rollup(two), rollup(one), rollup(other));
    assertThat(rollups.reduce(updates)).extracting(r -> r.rollup().count()).containsExactly(2L, 1L);
  }

  @Test
  void shouldTurnADevicesWindowIntoOneRowPerMetricAndStillReadFormerOneMetricRecords() {
    String topic = TOPICS.rollups1m().name();
    DeviceRollup window =
        DeviceRollup.empty("d1", T, Duration.ofMinutes(1))
            .add(Map.of("temp", 20.0, "hum", 40.0))
            .add(Map.of("temp", 22.0));
    Rollup former = new Rollup("d1", "co2", T, T.plusSeconds(60), 3, 400, 420, 1230);
    String noMetrics =
        "{\"device_id\":\"d1\",\"window_start\":\"%s\",\"window_end\":\"%s\",\"metrics\":{}}"
            .formatted(T, T.plusSeconds(60));
    Batch batch =
        Batch.of(
            records(
                record(topic, 0, 4, JsonSerde.of(DeviceRollup.class).write(window)),
                record(topic, 0, 5, JsonSerde.of(Rollup.class).write(former)),
                record(topic, 0, 6, noMetrics.getBytes(StandardCharsets.UTF_8)),
                record(topic, 0, 7, "{\"device_id\":\"d1\"}".getBytes(StandardCharsets.UTF_8)),
                record(TOPICS.sensor().name(), 0, 0, event("a"))),
            new RecordDecoder(TOPICS),
            TABLES);

    assertThat(batch.rowsByTable().get(TABLES.get(2)))
        .extracting(r -> ((RollupRow) r).rollup())
        .containsExactly(
            window.rollup("hum").orElseThrow(), window.rollup("temp").orElseThrow(), former)
        .extracting(r -> r.metric() + " " + r.count())
        .containsExactly("hum 1", "temp 2", "co2 3");
    assertThat(batch.undecodable())
        .extracting(d -> d.origin().offset() + " " + d.reason())
        .containsExactly("6 deserialization_error", "7 deserialization_error");
    assertThat(batch.undecodable().getFirst().message()).contains("has no metrics");
    assertThat(batch.records()).isEqualTo(5);
    assertThat(batch.nextOffsets()).containsEntry(new TopicPartition(topic, 0), 8L);
    // records, not rows: the two-metric window is one record
    assertThat(batch.without(List.of(new TopicPartition(TOPICS.sensor().name(), 0))).records())
        .isEqualTo(4);
  }

  private static DeviceLatestRow snapshot(String device, String lastEvent, Instant at) {
    return new DeviceLatestRow(
        origin(), new DeviceLatest(device, at, lastEvent, at, Map.of(), Map.of(), Map.of(), null));
  }

  private static RollupRow rollup(Rollup rollup) {
    return new RollupRow(origin(), rollup);
  }

  private static Origin origin() {
    return new Origin("t", 0, 0, "k", new byte[0], null);
  }

  private static byte[] event(String id) {
    return EventSerde.write(new Event(id, "dev", EventType.SENSOR, T, Map.of("m", 1.0), Map.of()));
  }

  private static ConsumerRecord<String, byte[]> record(
      String topic, int partition, long offset, byte[] value) {
    return new ConsumerRecord<>(topic, partition, offset, "dev", value);
  }

  @SafeVarargs
  private static ConsumerRecords<String, byte[]> records(ConsumerRecord<String, byte[]>... all) {
    Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> byPartition = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : all) {
      byPartition
          .computeIfAbsent(new TopicPartition(r.topic(), r.partition()), k -> new ArrayList<>())
          .add(r);
    }
    return new ConsumerRecords<>(byPartition, Map.<TopicPartition, OffsetAndMetadata>of());
  }
}
