package dev.cornjacket.devstack;

import static dev.cornjacket.devstack.KafkaClients.consumeAndCommit;
import static dev.cornjacket.devstack.KafkaClients.expectedValues;
import static dev.cornjacket.devstack.KafkaClients.sendAndWait;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SharedKafka.class)
class EmbeddedKafkaIT {

  private static final String TOPIC = "events";
  private static final String GROUP = "readers";

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldKeepRecordsOffsetsAndClusterIdAcrossRestarts(@TempDir Path dataDir) throws Exception {
    String clusterId;
    try (EmbeddedKafka broker = new EmbeddedKafka(dataDir, 0).start();
        KafkaProducer<String, String> producer =
            KafkaClients.idempotentProducer(broker.bootstrapServers())) {
      try (Admin admin = KafkaClients.admin(broker.bootstrapServers())) {
        admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        clusterId = admin.describeCluster().clusterId().get();
      }
      sendAndWait(producer, TOPIC, 0, 100);

      // an outage: same instance, same port, and the producer from before the outage carries on
      int port = broker.port();
      broker.stop();
      assertThat(broker.isRunning()).isFalse();
      broker.start();
      assertThat(broker.port()).isEqualTo(port);
      sendAndWait(producer, TOPIC, 100, 200);

      try (KafkaConsumer<String, String> consumer =
          KafkaClients.readCommittedConsumer(broker.bootstrapServers(), GROUP)) {
        assertThat(consumeAndCommit(consumer, TOPIC, 200)).isEqualTo(expectedValues(0, 200));
      }
    }

    // a new broker object on the same directory, as after a restart of the application
    try (EmbeddedKafka restarted = new EmbeddedKafka(dataDir, 0).start();
        Admin admin = KafkaClients.admin(restarted.bootstrapServers())) {
      assertThat(admin.describeCluster().clusterId().get()).isEqualTo(clusterId);
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      assertThat(committed.get(new TopicPartition(TOPIC, 0)).offset()).isEqualTo(200);

      try (KafkaConsumer<String, String> consumer =
          KafkaClients.readCommittedConsumer(restarted.bootstrapServers(), "new-readers")) {
        assertThat(consumeAndCommit(consumer, TOPIC, 200)).isEqualTo(expectedValues(0, 200));
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldShowOnlyCommittedTransactionsToReadCommittedConsumers(KafkaFixture kafka)
      throws Exception {
    String prefix = kafka.uniquePrefix();
    String topic = prefix + TOPIC;
    kafka.createTopics(topic);

    try (KafkaProducer<String, String> producer =
        KafkaClients.transactionalProducer(kafka.bootstrapServers(), prefix + "tx")) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(topic, "key", "aborted"));
      producer.flush();
      producer.abortTransaction();

      producer.beginTransaction();
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
      }
      producer.commitTransaction();
    }

    try (KafkaConsumer<String, String> consumer =
        KafkaClients.readCommittedConsumer(kafka.bootstrapServers(), prefix + GROUP)) {
      // the aborted record comes first in the log: were it visible, it would lead the list
      assertThat(consumeAndCommit(consumer, topic, 10)).isEqualTo(expectedValues(0, 10));
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void shouldNameBrokerAndPortWhenThePortIsTaken(@TempDir Path dataDir) throws Exception {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int port = squatter.getLocalPort();

      EmbeddedKafka broker = new EmbeddedKafka(dataDir, port);

      assertThatThrownBy(broker::start)
          .isInstanceOf(EmbeddedServerException.class)
          .hasMessage(
              "Kafka broker failed to start on port "
                  + port
                  + ": port "
                  + port
                  + " is already in use (caused by BindException: Address already in use)");
      assertThat(broker.isRunning()).isFalse();
    }
  }
}
