package dev.cornjacket.sinks;

import static dev.cornjacket.sinks.SinkTesting.count;
import static dev.cornjacket.sinks.SinkTesting.event;
import static dev.cornjacket.sinks.SinkTesting.json;
import static dev.cornjacket.sinks.SinkTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cornjacket.devstack.EmbeddedPostgresServer;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL stops for 20 s while events keep flowing: the sink pauses and retries with back-off,
 * stays in its group, resumes by itself when the database is back, and every event ends up stored
 * exactly once.
 */
@ExtendWith(SharedKafka.class)
@Timeout(180)
class DatabaseOutageIT {

  private static final int EVENTS = 3000;
  private static final Duration OUTAGE = Duration.ofSeconds(20);

  @Test
  void shouldRetryWhileTheDatabaseIsDownAndResumeWithoutLosingOrDuplicatingAnEvent(
      KafkaFixture kafka, @TempDir Path dir) throws Exception {
    String prefix = kafka.uniquePrefix();
    Topics topics = new Topics(prefix);
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 3);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    AtomicInteger sent = new AtomicInteger();
    Instant now = SinkTesting.now();

    try (EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir.resolve("pg"), 0).start();
        PostgresStore store = PostgresStore.open(settings(server.jdbcUrl()));
        KafkaProducer<String, byte[]> producer = SinkTesting.producer(kafka.bootstrapServers());
        PostgresSink sink =
            PostgresSink.start(
                // attempts every 5-7 s (5 s of them waiting for a connection): ~4 in the outage
                SinkOptions.of(kafka.bootstrapServers(), topics, prefix + "sink", 200)
                    .withRetry(10, Duration.ofMillis(500), Duration.ofSeconds(2)),
                store.dataSource(),
                registry)) {
      String url = server.jdbcUrl();
      // 100 events/s for 30 s, before, during and after the outage
      ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
      load.scheduleAtFixedRate(
          () -> {
            for (int i = 0; i < 10 && sent.get() < EVENTS; i++) {
              int n = sent.getAndIncrement();
              String device = "dev-" + (n % 7);
              EventType type = EventType.values()[n % 3];
              producer.send(
                  new ProducerRecord<>(
                      topics.byType(type).name(),
                      device,
                      json(event("o-" + n, device, now.plusMillis(n), type))));
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);
      try {
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> count(url, "SELECT count(*) FROM events") > 300);

        server.stop();
        int sentAtStop = sent.get();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> sink.status().state() == SinkStatus.State.RETRYING);
        // the whole outage: retrying, never failed, while events keep arriving in Kafka
        await()
            .during(OUTAGE)
            .atMost(OUTAGE.plusSeconds(5))
            .until(() -> sink.status().state() == SinkStatus.State.RETRYING);
        assertThat(sent.get()).isGreaterThan(sentAtStop + 1000);
        server.start();

        await()
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> sent.get() == EVENTS && count(url, "SELECT count(*) FROM events") == EVENTS);
        assertThat(sink.status().state()).isEqualTo(SinkStatus.State.RUNNING);
      } finally {
        load.shutdownNow();
      }
      assertThat(count(url, "SELECT count(DISTINCT event_id) FROM events")).isEqualTo(EVENTS);
      assertThat(
              count(
                  url,
                  "SELECT count(*) FROM generate_series(0, "
                      + (EVENTS - 1)
                      + ") n WHERE NOT EXISTS (SELECT 1 FROM events WHERE event_id = 'o-' || n)"))
          .isZero();
      assertThat(count(url, "SELECT sum(next_offset) FROM sink_offsets")).isEqualTo(EVENTS);
    }
    assertThat(registry.get("cornjacket.sink.retries").counter().count()).isGreaterThanOrEqualTo(2);
    assertThat(registry.find("cornjacket.sink.rows.unchanged").counters())
        .as("no row was written twice: the offsets, not ON CONFLICT, prevented replays")
        .isEmpty();
  }
}
