package dev.cornjacket.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.devstack.junit.MqttFixture;
import dev.cornjacket.devstack.junit.SharedMqtt;
import dev.cornjacket.topology.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka goes down while devices keep publishing: the bridge acknowledges nothing until Kafka is
 * back, holds at most its in-flight window, and then delivers every message.
 */
@ExtendWith(SharedMqtt.class)
@Timeout(240)
class KafkaOutageIT {

  private static final Logger log = LoggerFactory.getLogger(KafkaOutageIT.class);
  private static final Duration OUTAGE = Duration.ofSeconds(10);
  private static final int RECEIVE_MAXIMUM = 40;

  @Test
  void shouldWithholdAcknowledgementsWhileKafkaIsDownAndDeliverEverythingOnceItIsBack(
      MqttFixture mqtt, @TempDir Path dir) throws Exception {
    TestBroker broker = TestBroker.embedded(mqtt);
    String unique = mqtt.uniquePrefix() + BridgeConfigs.RUN + "-";
    try (EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
      Topics topics = new Topics("outage.");
      createTopics(kafka.bootstrapServers(), topics);
      CornjacketConfig config =
          BridgeConfigs.config(
              broker,
              kafka.bootstrapServers(),
              topics.prefix(),
              unique + "bridge",
              Map.of(
                  "CORNJACKET_KAFKA_PRODUCE_TIMEOUT",
                  "2s",
                  "CORNJACKET_MQTT_RECEIVE_MAXIMUM",
                  String.valueOf(RECEIVE_MAXIMUM)));
      try (MqttBridge bridge =
          MqttBridge.start(config.mqtt(), config.kafka(), topics, unique + "g")) {
        await().atMost(Duration.ofSeconds(30)).until(bridge::connected);
        Set<String> expected = new HashSet<>();
        Set<String> before =
            MqttBridgeIT.publishFromClients(
                broker, unique + "before-", 2, 250, () -> bridge.stats().acknowledged());
        expected.addAll(before);
        try (RawTopicWatcher raw =
            new RawTopicWatcher(kafka.bootstrapServers(), topics.raw().name())) {
          raw.awaitEventIds(before, Duration.ofSeconds(60));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> bridge.stats().acknowledged() == 500);

        kafka.stop();
        expected.addAll(
            MqttBridgeIT.publishFromClients(
                broker, unique + "during-", 2, 500, () -> bridge.stats().acknowledged()));
        // for the whole outage not one more message is acknowledged; the broker keeps them
        await()
            .during(OUTAGE)
            .atMost(OUTAGE.plusSeconds(5))
            .until(() -> bridge.stats().acknowledged() == 500);
        BridgeStats down = bridge.stats();
        log.info("After {} of Kafka outage: {}", OUTAGE, down);
        // it took messages published during the outage, at most a receive maximum of them
        assertThat(down.received()).isBetween(501L, 500L + RECEIVE_MAXIMUM);
        assertThat(down.produceFailures()).isPositive();
        assertThat(down.sessionResets()).isPositive();
        // A message is counted until its produce callback has acknowledged it and let go of it;
        // the broker may send the next one in between (producer callbacks run one at a time), so
        // the counter can show one more than the broker may have unacknowledged, never two.
        assertThat(down.maxInFlight()).isLessThanOrEqualTo(RECEIVE_MAXIMUM + 1);

        kafka.start();
        try (RawTopicWatcher raw =
            new RawTopicWatcher(kafka.bootstrapServers(), topics.raw().name())) {
          List<?> records = raw.awaitEventIds(expected, Duration.ofSeconds(90));
          await()
              .atMost(Duration.ofSeconds(10))
              .until(() -> bridge.stats().acknowledged() >= expected.size());
          log.info(
              "After Kafka came back: {} unique ids in {} records; {}",
              expected.size(),
              records.size(),
              bridge.stats());
        }
        assertThat(bridge.stats().maxInFlight())
            .isLessThanOrEqualTo(RECEIVE_MAXIMUM + 1); // see above
      }
    }
  }

  private static void createTopics(String bootstrap, Topics topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.raw().name(), 3, (short) 1),
                  new NewTopic(topics.deadLetters().name(), 1, (short) 1)))
          .all()
          .get();
    }
  }
}
