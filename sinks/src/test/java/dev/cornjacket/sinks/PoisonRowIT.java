package dev.cornjacket.sinks;

import static dev.cornjacket.sinks.SinkTesting.count;
import static dev.cornjacket.sinks.SinkTesting.event;
import static dev.cornjacket.sinks.SinkTesting.json;
import static dev.cornjacket.sinks.SinkTesting.settings;
import static dev.cornjacket.sinks.SinkTesting.strings;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedPostgres;
import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.topology.DeadLetters;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.projection.DeviceRollup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rows PostgreSQL rejects, and records that cannot be read, go to the dead-letter topic with their
 * reason; every row around them is written in the same batches and the sink carries on.
 */
@ExtendWith({SharedKafka.class, SharedPostgres.class})
@Timeout(120)
class PoisonRowIT {

  @Test
  void shouldDeadLetterRejectedRowsAndWriteEveryRowAroundThem(
      KafkaFixture kafka, PostgresFixture postgres) throws Exception {
    String prefix = kafka.uniquePrefix();
    Topics topics = new Topics(prefix);
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 1);
    String url = SinkTesting.createDatabase(postgres);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Instant now = SinkTesting.now();
    String sensor = topics.sensor().name();

    Event nulByte =
        new Event(
            "e-3",
            "dev",
            EventType.SENSOR,
            now.minusSeconds(2),
            Map.of("temperature", 1.0),
            Map.of("note", "a\u0000b"),
            Map.of(),
            null);
    Event tooOld = event("e-5", "dev", now.minus(Duration.ofDays(30)));
    byte[] notJson = "{not json".getBytes(UTF_8);
    Anomaly outOfRange = anomaly("e-1", 1.5, now);

    try (KafkaProducer<String, byte[]> producer = SinkTesting.producer(kafka.bootstrapServers())) {
      // offsets on the sensor topic: 0 e-1, 1 e-2, 2 e-3 (NUL), 3 e-4, 4 e-5 (too old),
      // 5 not JSON, 6 e-6
      send(producer, sensor, json(event("e-1", "dev", now.minusSeconds(5))));
      send(producer, sensor, json(event("e-2", "dev", now.minusSeconds(4))));
      send(producer, sensor, json(nulByte));
      send(producer, sensor, json(event("e-4", "dev", now.minusSeconds(1))));
      send(producer, sensor, json(tooOld));
      send(producer, sensor, notJson);
      send(producer, sensor, json(event("e-6", "dev", now)));
      send(producer, topics.anomalies().name(), JsonSerde.of(Anomaly.class).write(outOfRange));
      send(
          producer,
          topics.anomalies().name(),
          JsonSerde.of(Anomaly.class).write(anomaly("e-2", 0.99, now)));
    }

    sinkUntilStored(kafka, url, topics, prefix, registry, 9);

    assertThat(strings(url, "SELECT event_id FROM events ORDER BY 1"))
        .containsExactly("e-1", "e-2", "e-4", "e-6");
    assertThat(strings(url, "SELECT anomaly_id FROM anomalies")).containsExactly("e-2/temperature");

    List<ConsumerRecord<String, byte[]>> dead = deadLetters(kafka, topics, 4);
    assertThat(dead).hasSize(4);
    assertThat(dead)
        .extracting(r -> header(r, DeadLetters.ORIGIN))
        .containsExactly(
            prefix + "anomalies/0/0", sensor + "/0/2", sensor + "/0/4", sensor + "/0/5");
    assertThat(dead).allSatisfy(r -> assertThat(r.key()).isEqualTo("dev"));
    assertThat(dead).allSatisfy(r -> assertThat(header(r, DeadLetters.STAGE)).isEqualTo("sink"));

    ConsumerRecord<String, byte[]> anomaly = dead.get(0);
    assertThat(header(anomaly, DeadLetters.REASON)).isEqualTo("rejected_by_database");
    assertThat(header(anomaly, "cj.dlq.table")).isEqualTo("anomalies");
    assertThat(header(anomaly, "cj.dlq.sql_state")).isEqualTo("23514");
    assertThat(header(anomaly, DeadLetters.MESSAGE))
        .startsWith("table anomalies, SQL state 23514: new row for relation")
        .contains("anomalies_score_check");
    assertThat(anomaly.value()).isEqualTo(JsonSerde.of(Anomaly.class).write(outOfRange));

    ConsumerRecord<String, byte[]> nul = dead.get(1);
    assertThat(header(nul, DeadLetters.REASON)).isEqualTo("rejected_by_database");
    assertThat(header(nul, "cj.dlq.table")).isEqualTo("events");
    assertThat(header(nul, "cj.dlq.sql_state")).isEqualTo("22P05");
    assertThat(header(nul, DeadLetters.MESSAGE))
        .startsWith("table events, SQL state 22P05: unsupported Unicode escape sequence");
    assertThat(nul.value()).isEqualTo(json(nulByte));

    ConsumerRecord<String, byte[]> old = dead.get(2);
    assertThat(header(old, "cj.dlq.sql_state")).isEqualTo("23514");
    assertThat(header(old, DeadLetters.MESSAGE))
        .startsWith("table events, SQL state 23514: no partition of relation \"events\" found");
    assertThat(header(old, DeadLetters.SOURCE)).isEqualTo("http");

    ConsumerRecord<String, byte[]> unreadable = dead.get(3);
    assertThat(header(unreadable, DeadLetters.REASON)).isEqualTo("deserialization_error");
    assertThat(header(unreadable, DeadLetters.MESSAGE)).contains("not strict JSON");
    assertThat(unreadable.headers().lastHeader("cj.dlq.table")).isNull();
    assertThat(unreadable.value()).isEqualTo(notJson);

    assertThat(
            registry
                .get("cornjacket.events.dead_lettered")
                .tags("stage", "sink", "reason", "rejected_by_database")
                .counter()
                .count())
        .isEqualTo(3);
  }

  @Test
  void shouldDeadLetterARollupRecordOnceAndWriteTheMetricsOfItThatPostgresAccepts(
      KafkaFixture kafka, PostgresFixture postgres) throws Exception {
    String prefix = kafka.uniquePrefix();
    Topics topics = new Topics(prefix);
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 1);
    String url = SinkTesting.createDatabase(postgres);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Instant window = SinkTesting.now().truncatedTo(ChronoUnit.MINUTES);
    String rollups = topics.rollups1m().name();
    JsonSerde<DeviceRollup> serde = JsonSerde.of(DeviceRollup.class);
    // one metric PostgreSQL cannot store (a NUL in its name) beside one it can
    DeviceRollup oneBadMetric =
        DeviceRollup.empty("dev", window, Duration.ofMinutes(1))
            .add(Map.of("temperature", 1.0, "bad\u0000name", 2.0));
    // three metrics of a window outside every partition: three rows rejected, one record
    DeviceRollup tooOld =
        DeviceRollup.empty("dev", window.minus(Duration.ofDays(30)), Duration.ofMinutes(1))
            .add(Map.of("a", 1.0, "b", 2.0, "c", 3.0));
    DeviceRollup fine =
        DeviceRollup.empty("dev", window.plusSeconds(60), Duration.ofMinutes(1))
            .add(Map.of("humidity", 40.0));

    try (KafkaProducer<String, byte[]> producer = SinkTesting.producer(kafka.bootstrapServers())) {
      send(producer, rollups, serde.write(oneBadMetric));
      send(producer, rollups, serde.write(tooOld));
      send(producer, rollups, serde.write(fine));
    }

    sinkUntilStored(kafka, url, topics, prefix, registry, 3);

    assertThat(strings(url, "SELECT concat_ws(' ', metric, count) FROM rollups_1m ORDER BY 1"))
        .containsExactly("humidity 1", "temperature 1");
    List<ConsumerRecord<String, byte[]>> dead = deadLetters(kafka, topics, 2);
    assertThat(dead)
        .extracting(r -> header(r, DeadLetters.ORIGIN))
        .containsExactly(rollups + "/0/0", rollups + "/0/1");
    assertThat(dead).allSatisfy(r -> assertThat(header(r, "cj.dlq.table")).isEqualTo("rollups_1m"));
    assertThat(header(dead.get(0), "cj.dlq.sql_state")).startsWith("22");
    assertThat(dead.get(0).value()).isEqualTo(serde.write(oneBadMetric));
    assertThat(header(dead.get(1), "cj.dlq.sql_state")).isEqualTo("23514");
    assertThat(dead.get(1).value()).isEqualTo(serde.write(tooOld));
    assertThat(
            registry
                .get("cornjacket.events.dead_lettered")
                .tags("stage", "sink", "reason", "rejected_by_database")
                .counter()
                .count())
        .isEqualTo(2);
  }

  /** Runs a sink until it has stored the offsets of {@code records} records, and checks it ran. */
  private static void sinkUntilStored(
      KafkaFixture kafka,
      String url,
      Topics topics,
      String prefix,
      SimpleMeterRegistry registry,
      int records) {
    try (PostgresStore store = PostgresStore.open(settings(url));
        PostgresSink sink =
            PostgresSink.start(
                SinkOptions.of(kafka.bootstrapServers(), topics, prefix + "sink", 1000),
                store.dataSource(),
                registry)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  count(url, "SELECT coalesce(sum(next_offset), 0) FROM sink_offsets") == records);
      assertThat(sink.status().state()).isEqualTo(SinkStatus.State.RUNNING);
    }
  }

  /** The first {@code count} dead letters, in the order of their origin (topic and offset). */
  private static List<ConsumerRecord<String, byte[]>> deadLetters(
      KafkaFixture kafka, Topics topics, int count) {
    List<ConsumerRecord<String, byte[]>> dead =
        new ArrayList<>(
            TopicReader.readAll(
                kafka.bootstrapServers(),
                topics.deadLetters().name(),
                r -> true,
                count,
                Duration.ofSeconds(30)));
    dead.sort(Comparator.comparing(r -> header(r, DeadLetters.ORIGIN)));
    return dead;
  }

  private static Anomaly anomaly(String eventId, double score, Instant ts) {
    return new Anomaly(
        Anomaly.idOf(eventId, "temperature"),
        eventId,
        "dev",
        "temperature",
        99.0,
        score,
        ts,
        "test-1",
        List.of("spike"));
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, byte[] value) {
    producer.send(new ProducerRecord<>(topic, "dev", value));
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), UTF_8);
  }
}
