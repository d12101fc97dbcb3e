package dev.cornjacket.sinks;

import static dev.cornjacket.sinks.SinkTesting.count;
import static dev.cornjacket.sinks.SinkTesting.event;
import static dev.cornjacket.sinks.SinkTesting.json;
import static dev.cornjacket.sinks.SinkTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedPostgres;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The sink's Kafka consumer fails in the middle of the stream with an exception the sink does not
 * expect (as the client once did with a {@code NullPointerException} during a rebalance): the sink
 * replaces the consumer, reads on from the stored offsets and stores every event exactly once.
 */
@ExtendWith({SharedKafka.class, SharedPostgres.class})
@Timeout(120)
class ConsumerFailureIT {

  private static final int EVENTS = 600;

  @Test
  void shouldReplaceAFailedConsumerAndStoreEveryEventOnce(
      KafkaFixture kafka, PostgresFixture postgres) throws Exception {
    String prefix = kafka.uniquePrefix();
    Topics topics = new Topics(prefix);
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 2);
    String url = SinkTesting.createDatabase(postgres);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Instant now = SinkTesting.now();
    try (KafkaProducer<String, byte[]> producer = SinkTesting.producer(kafka.bootstrapServers())) {
      for (int i = 0; i < EVENTS; i++) {
        EventType type = EventType.values()[i % 3];
        String device = "dev-" + (i % 5);
        producer.send(
            new ProducerRecord<>(
                topics.byType(type).name(),
                device,
                json(event("f-" + i, device, now.plusMillis(i), type))));
      }
    }
    // the first consumer breaks at the 300th key and fails on every poll from then on; the ones
    // after it work
    AtomicInteger consumersMade = new AtomicInteger();
    AtomicInteger keysRead = new AtomicInteger();
    Deserializer<String> failingKeys =
        (topic, data) -> {
          if (keysRead.incrementAndGet() >= 300) {
            throw new IllegalStateException("the consumer broke");
          }
          return new StringDeserializer().deserialize(topic, data);
        };
    SinkOptions options =
        SinkOptions.of(kafka.bootstrapServers(), topics, prefix + "sink", 100)
            .withRetry(5, Duration.ofMillis(200), Duration.ofSeconds(1));

    try (PostgresStore store = PostgresStore.open(settings(url));
        PostgresSink sink =
            PostgresSink.start(
                options,
                store.dataSource(),
                registry,
                config ->
                    new KafkaConsumer<>(
                        config,
                        consumersMade.getAndIncrement() == 0
                            ? failingKeys
                            : new StringDeserializer(),
                        new ByteArrayDeserializer()))) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count(url, "SELECT count(*) FROM events") == EVENTS);
      assertThat(sink.status().state()).isEqualTo(SinkStatus.State.RUNNING);
    }

    assertThat(consumersMade.get()).isEqualTo(2);
    assertThat(registry.get("cornjacket.sink.consumer_replacements").counter().count())
        .isEqualTo(1);
    assertThat(count(url, "SELECT count(DISTINCT event_id) FROM events")).isEqualTo(EVENTS);
    assertThat(count(url, "SELECT sum(next_offset) FROM sink_offsets")).isEqualTo(EVENTS);
    assertThat(registry.find("cornjacket.sink.rows.unchanged").counters())
        .as("what the failed consumer had read was not written twice")
        .isEmpty();
  }
}
