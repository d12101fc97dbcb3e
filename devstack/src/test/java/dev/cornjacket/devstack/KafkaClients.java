package dev.cornjacket.devstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Small, real Kafka clients for the integration tests of this module. */
final class KafkaClients {

  private KafkaClients() {}

  static Admin admin(String bootstrapServers) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /** The producer the front ends use: idempotent, {@code acks=all}. */
  static KafkaProducer<String, String> idempotentProducer(String bootstrapServers) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.ACKS_CONFIG,
            "all"),
        new StringSerializer(),
        new StringSerializer());
  }

  static KafkaProducer<String, String> transactionalProducer(
      String bootstrapServers, String transactionalId) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
        new StringSerializer(),
        new StringSerializer());
  }

  /** A consumer reading committed records only, from the earliest offset of new groups. */
  static KafkaConsumer<String, String> readCommittedConsumer(
      String bootstrapServers, String groupId) {
    return new KafkaConsumer<>(
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.GROUP_ID_CONFIG,
            groupId,
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
            "earliest",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed"),
        new StringDeserializer(),
        new StringDeserializer());
  }

  /** Sends {@code value-from} ... {@code value-(to-1)} and waits for every acknowledgement. */
  static void sendAndWait(KafkaProducer<String, String> producer, String topic, int from, int to)
      throws ExecutionException, InterruptedException, TimeoutException {
    List<Future<RecordMetadata>> acknowledgements = new ArrayList<>();
    for (int i = from; i < to; i++) {
      acknowledgements.add(producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i)));
    }
    for (Future<RecordMetadata> acknowledgement : acknowledgements) {
      acknowledgement.get(30, TimeUnit.SECONDS);
    }
  }

  /**
   * Polls {@code topic} until {@code expected} values arrived, then commits; polling blocks inside
   * the client, so there is no sleeping. The test's own timeout bounds the wait.
   */
  static List<String> consumeAndCommit(
      KafkaConsumer<String, String> consumer, String topic, int expected) {
    consumer.subscribe(List.of(topic));
    List<String> values = new ArrayList<>();
    while (values.size() < expected) {
      for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
        values.add(record.value());
      }
    }
    consumer.commitSync();
    return values;
  }

  static List<String> expectedValues(int from, int to) {
    List<String> values = new ArrayList<>();
    for (int i = from; i < to; i++) {
      values.add("value-" + i);
    }
    return values;
  }
}
