package dev.cornjacket.sinks;

import static dev.cornjacket.sinks.SinkTesting.count;
import static dev.cornjacket.sinks.SinkTesting.event;
import static dev.cornjacket.sinks.SinkTesting.json;
import static dev.cornjacket.sinks.SinkTesting.settings;
import static dev.cornjacket.sinks.SinkTesting.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedPostgres;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceRollup;
import dev.cornjacket.topology.projection.Rollup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink on the real broker and a real PostgreSQL: every topic into its table, offsets stored
 * with the rows, a restart that resumes from them, upserts where the newest wins, and records of
 * aborted transactions never written.
 */
@ExtendWith({SharedKafka.class, SharedPostgres.class})
@Timeout(120)
class PostgresSinkIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void shouldWriteEveryTopicIntoItsTableAndResumeFromTheStoredOffsets(
      KafkaFixture kafka, PostgresFixture postgres) throws Exception {
    String prefix = kafka.uniquePrefix();
    Topics topics = new Topics(prefix);
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 2);
    String url = SinkTesting.createDatabase(postgres);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SinkOptions options = SinkOptions.of(kafka.bootstrapServers(), topics, prefix + "sink", 100);
    Instant now = SinkTesting.now();

    try (PostgresStore store = PostgresStore.open(settings(url));
        KafkaProducer<String, byte[]> producer = SinkTesting.producer(kafka.bootstrapServers())) {
      for (int i = 0; i < 30; i++) {
        EventType type = EventType.values()[i % 3];
        String device = "dev-" + (i % 4);
        producer.send(
            new ProducerRecord<>(
                topics.byType(type).name(),
                device,
                json(event("e-" + i, device, now.minusSeconds(30 - i), type))));
      }
      sendAnomaly(producer, topics, "e-1", 0.97, now);
      sendAnomaly(producer, topics, "e-2", 0.91, now);
      // snapshots of dev-1: the newest one, then an older one replayed after it
      sendLatest(producer, topics, "e-9", now.minusSeconds(20));
      sendLatest(producer, topics, "e-13", now.minusSeconds(10));
      sendLatest(producer, topics, "e-5", now.minusSeconds(25));
      // three updates of one device's window (one record each, all its metrics), and a record of
      // one metric as versions before the device-window record wrote them
      Instant window = now.truncatedTo(ChronoUnit.MINUTES);
      DeviceRollup rollup = DeviceRollup.empty("dev-1", window, Duration.ofMinutes(1));
      List<Map<String, Double>> readings =
          List.of(
              Map.of("temperature", 20.0, "humidity", 50.0),
              Map.of("temperature", 23.0),
              Map.of("temperature", 21.5));
      DeviceRollup firstUpdate = rollup.add(readings.getFirst());
      for (Map<String, Double> reading : readings) {
        rollup = rollup.add(reading);
        sendRollup(producer, topics, "dev-1", JsonSerde.of(DeviceRollup.class).write(rollup));
      }
      Rollup formerShape =
          new Rollup("dev-2", "temperature", window, window.plusSeconds(60), 2, 18, 19, 37);
      sendRollup(producer, topics, "dev-2", JsonSerde.of(Rollup.class).write(formerShape));
      producer.flush();

      try (PostgresSink sink = PostgresSink.start(options, store.dataSource(), registry)) {
        await()
            .atMost(WAIT)
            .until(
                () ->
                    count(url, "SELECT count(*) FROM events") == 30
                        && count(url, "SELECT count(*) FROM anomalies") == 2
                        && count(url, "SELECT coalesce(sum(count), 0) FROM rollups_1m") == 6
                        && count(url, "SELECT count(*) FROM device_latest") == 1);
        assertThat(sink.status().state()).isEqualTo(SinkStatus.State.RUNNING);
      }

      assertThat(strings(url, "SELECT last_event_id FROM device_latest")).containsExactly("e-13");
      assertThat(rollupRows(url))
          .containsExactly(
              "dev-1 humidity 1 50 50 50 50 00:01:00",
              "dev-1 temperature 3 20 23 64.5 21.5 00:01:00",
              "dev-2 temperature 2 18 19 37 18.5 00:01:00");
      assertThat(
              strings(
                  url,
                  "SELECT concat_ws(' ', anomaly_id, score, reasons ->> 0) FROM anomalies"
                      + " ORDER BY 1"))
          .containsExactly("e-1/temperature 0.97 spike", "e-2/temperature 0.91 spike");
      assertThat(
              strings(
                  url,
                  "SELECT concat_ws(' ', device_id, type, metrics ->> 'temperature', attrs ->>"
                      + " 'firmware', source, principal) FROM events WHERE event_id = 'e-4'"))
          .containsExactly("dev-0 user_action 21.5 1.4.2 http anonymous");
      long consumed = 30 + 2 + 3 + 4;
      assertThat(count(url, "SELECT sum(next_offset) FROM sink_offsets")).isEqualTo(consumed);

      // more events while the sink is down; a new sink of the same group reads only those; and
      // the first update of the window again: its temperature (1 reading against 3 stored) is
      // older and ignored, its humidity (1 against 1) changes nothing
      for (int i = 30; i < 40; i++) {
        producer.send(
            new ProducerRecord<>(
                topics.sensor().name(), "dev-9", json(event("e-" + i, "dev-9", now))));
      }
      sendRollup(producer, topics, "dev-1", JsonSerde.of(DeviceRollup.class).write(firstUpdate));
      producer.flush();
      try (PostgresSink sink = PostgresSink.start(options, store.dataSource(), registry)) {
        await()
            .atMost(WAIT)
            .until(
                () ->
                    count(url, "SELECT count(*) FROM events") == 40
                        && count(url, "SELECT sum(next_offset) FROM sink_offsets")
                            == consumed + 11);
      }
      assertThat(rollupRows(url))
          .containsExactly(
              "dev-1 humidity 1 50 50 50 50 00:01:00",
              "dev-1 temperature 3 20 23 64.5 21.5 00:01:00",
              "dev-2 temperature 2 18 19 37 18.5 00:01:00");
    }

    assertThat(count(url, "SELECT count(DISTINCT event_id) FROM events")).isEqualTo(40);
    assertThat(registry.get("cornjacket.sink.rows").tag("table", "events").counter().count())
        .isEqualTo(40);
  }

  @Test
  void shouldReadOnFromTheStoredOffsetsWhenEveryPartitionHasOne(
      KafkaFixture kafka, PostgresFixture postgres) throws Exception {
    String prefix = kafka.uniquePrefix();
    Topics topics = new Topics(prefix);
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 1);
    String url = SinkTesting.createDatabase(postgres);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SinkOptions options = SinkOptions.of(kafka.bootstrapServers(), topics, prefix + "sink", 100);
    Instant now = SinkTesting.now();

    try (PostgresStore store = PostgresStore.open(settings(url));
        KafkaProducer<String, byte[]> producer = SinkTesting.producer(kafka.bootstrapServers())) {
      // a record in every partition the sink reads, so that each one gets a stored offset
      for (int i = 0; i < 6; i++) {
        EventType type = EventType.values()[i % 3];
        producer.send(
            new ProducerRecord<>(
                topics.byType(type).name(), "dev-1", json(event("e-" + i, "dev-1", now, type))));
      }
      sendAnomaly(producer, topics, "e-0", 0.97, now);
      sendLatest(producer, topics, "e-5", now);
      DeviceRollup rollup =
          DeviceRollup.empty("dev-1", now.truncatedTo(ChronoUnit.MINUTES), Duration.ofMinutes(1))
              .add(Map.of("temperature", 21.5));
      sendRollup(producer, topics, "dev-1", JsonSerde.of(DeviceRollup.class).write(rollup));
      producer.flush();
      try (PostgresSink sink = PostgresSink.start(options, store.dataSource(), registry)) {
        await()
            .atMost(WAIT)
            .until(() -> count(url, "SELECT sum(next_offset) FROM sink_offsets") == 9);
      }
      assertThat(count(url, "SELECT count(*) FROM sink_offsets")).isEqualTo(6);

      for (int i = 6; i < 9; i++) {
        EventType type = EventType.values()[i % 3];
        producer.send(
            new ProducerRecord<>(
                topics.byType(type).name(), "dev-1", json(event("e-" + i, "dev-1", now, type))));
      }
      producer.flush();
      // every partition the restarted sink gets has a stored offset: none is read from the
      // beginning again
      try (PostgresSink sink = PostgresSink.start(options, store.dataSource(), registry)) {
        await()
            .atMost(WAIT)
            .until(() -> count(url, "SELECT sum(next_offset) FROM sink_offsets") == 12);
      }
    }

    assertThat(count(url, "SELECT count(*) FROM events")).isEqualTo(9);
    assertThat(registry.get("cornjacket.sink.rows").tag("table", "events").counter().count())
        .isEqualTo(9);
    assertThat(registry.find("cornjacket.sink.rows.unchanged").counters())
        .as("no record was read twice")
        .isEmpty();
  }

  @Test
  void shouldNeverWriteRecordsOfAbortedTransactions(KafkaFixture kafka, PostgresFixture postgres)
      throws Exception {
    String prefix = kafka.uniquePrefix();
    Topics topics = new Topics(prefix);
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 1);
    String url = SinkTesting.createDatabase(postgres);
    Instant now = SinkTesting.now();
    String topic = topics.system().name();

    try (KafkaProducer<String, byte[]> producer =
        SinkTesting.transactionalProducer(kafka.bootstrapServers(), prefix + "tx")) {
      producer.initTransactions();
      for (List<String> ids :
          List.of(List.of("c-1", "c-2"), List.of("a-1", "a-2"), List.of("c-3"))) {
        producer.beginTransaction();
        for (String id : ids) {
          producer.send(new ProducerRecord<>(topic, "dev", json(event(id, "dev", now))));
        }
        if (ids.getFirst().startsWith("a")) {
          producer.flush(); // in the log, not just in the producer's buffer
          producer.abortTransaction();
        } else {
          producer.commitTransaction();
        }
      }
    }

    try (PostgresStore store = PostgresStore.open(settings(url));
        PostgresSink sink =
            PostgresSink.start(
                SinkOptions.of(kafka.bootstrapServers(), topics, prefix + "sink", 100),
                store.dataSource(),
                new SimpleMeterRegistry())) {
      // c-3 comes after the aborted records in the log
      await()
          .atMost(WAIT)
          .until(() -> count(url, "SELECT count(*) FROM events WHERE event_id = 'c-3'") == 1);
    }
    assertThat(strings(url, "SELECT event_id FROM events ORDER BY 1"))
        .containsExactly("c-1", "c-2", "c-3");
  }

  @Test
  void shouldAbsorbARowAlreadyStoredInsteadOfWritingItTwiceOrDeadLetteringIt(
      KafkaFixture kafka, PostgresFixture postgres) throws Exception {
    String prefix = kafka.uniquePrefix();
    Topics topics = new Topics(prefix);
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 1);
    String url = SinkTesting.createDatabase(postgres);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Instant now = SinkTesting.now();

    try (PostgresStore store = PostgresStore.open(settings(url))) {
      // as if a replay slipped past the stored offsets: e-2 is already there
      SinkTesting.execute(
          url,
          "INSERT INTO events (event_id, device_id, type, ts, metrics, attrs) VALUES ('e-2',"
              + " 'dev', 'sensor', '"
              + now
              + "', '{\"temperature\": 1}', '{}')");
      try (KafkaProducer<String, byte[]> producer =
          SinkTesting.producer(kafka.bootstrapServers())) {
        for (String id : List.of("e-1", "e-2", "e-3")) {
          producer.send(
              new ProducerRecord<>(topics.sensor().name(), "dev", json(event(id, "dev", now))));
        }
      }
      try (PostgresSink sink =
          PostgresSink.start(
              SinkOptions.of(kafka.bootstrapServers(), topics, prefix + "sink", 100),
              store.dataSource(),
              registry)) {
        await().atMost(WAIT).until(() -> count(url, "SELECT count(*) FROM events") == 3);
      }
    }

    assertThat(strings(url, "SELECT metrics ->> 'temperature' FROM events WHERE event_id = 'e-2'"))
        .as("the stored row is left alone")
        .containsExactly("1");
    assertThat(registry.get("cornjacket.sink.rows").tag("table", "events").counter().count())
        .isEqualTo(2);
    assertThat(
            registry.get("cornjacket.sink.rows.unchanged").tag("table", "events").counter().count())
        .isEqualTo(1);
    assertThat(registry.find("cornjacket.events.dead_lettered").counters()).isEmpty();
  }

  private static void sendAnomaly(
      KafkaProducer<String, byte[]> producer,
      Topics topics,
      String eventId,
      double score,
      Instant ts) {
    Anomaly anomaly =
        new Anomaly(
            Anomaly.idOf(eventId, "temperature"),
            eventId,
            "dev-1",
            "temperature",
            99.0,
            score,
            ts,
            "test-1",
            List.of("spike"));
    producer.send(
        new ProducerRecord<>(
            topics.anomalies().name(), "dev-1", JsonSerde.of(Anomaly.class).write(anomaly)));
  }

  private static void sendRollup(
      KafkaProducer<String, byte[]> producer, Topics topics, String device, byte[] value) {
    producer.send(new ProducerRecord<>(topics.rollups1m().name(), device, value));
  }

  private static List<String> rollupRows(String url) {
    return strings(
        url,
        "SELECT concat_ws(' ', device_id, metric, count, min, max, sum, avg,"
            + " window_end - window_start) FROM rollups_1m ORDER BY device_id, metric");
  }

  private static void sendLatest(
      KafkaProducer<String, byte[]> producer, Topics topics, String lastEventId, Instant at) {
    DeviceLatest latest =
        new DeviceLatest(
            "dev-1",
            at,
            lastEventId,
            at,
            Map.of("temperature", new DeviceLatest.MetricReading(21.5, at, 0.2)),
            Map.of("firmware", "1.4.2"),
            Map.of("sensor", 3L, "user_action", 0L, "system", 0L),
            null);
    producer.send(
        new ProducerRecord<>(
            topics.deviceLatest().name(), "dev-1", JsonSerde.of(DeviceLatest.class).write(latest)));
  }
}
