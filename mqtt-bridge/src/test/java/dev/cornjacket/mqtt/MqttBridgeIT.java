package dev.cornjacket.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.MqttFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedMqtt;
import dev.cornjacket.topology.DeadLetters;
import dev.cornjacket.topology.RawEnvelope;
import dev.cornjacket.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge between real MQTT brokers (the embedded HiveMQ, and the machine's Mosquitto when it
 * runs) and the real Kafka broker.
 */
@ExtendWith({SharedKafka.class, SharedMqtt.class})
@Timeout(180)
class MqttBridgeIT {

  private static final Logger log = LoggerFactory.getLogger(MqttBridgeIT.class);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(90);
  private static final int RECEIVE_MAXIMUM = 1000;

  /** Most messages published and not yet acknowledged by the bridges under test. */
  private static final int BACKLOG = 2_000;

  /** Waves of messages in the split test: each wave on HiveMQ goes to a member at random. */
  private static final int WAVES = 20;

  @TestFactory
  Stream<DynamicTest> shouldDeliverTenThousandMessagesFromTenClientsOnEveryBroker(
      MqttFixture mqtt, KafkaFixture kafka) {
    return TestBroker.available(mqtt).stream()
        .map(
            broker ->
                dynamicTest(
                    broker.name(),
                    () ->
                        assertTimeoutPreemptively(
                            Duration.ofSeconds(150),
                            () -> deliverFromClients(broker, mqtt, kafka, 10, 1_000, Map.of()))));
  }

  /** MQTT 3.1.1 on the embedded broker (Mosquitto is spoken to in 3.1.1 anyway). */
  @Test
  void shouldDeliverOverMqtt311(MqttFixture mqtt, KafkaFixture kafka) throws Exception {
    deliverFromClients(
        TestBroker.embedded(mqtt),
        mqtt,
        kafka,
        4,
        250,
        Map.of("CORNJACKET_MQTT_PROTOCOL", "mqtt3"));
  }

  private void deliverFromClients(
      TestBroker broker,
      MqttFixture mqtt,
      KafkaFixture kafka,
      int clients,
      int messagesPerClient,
      Map<String, String> extra)
      throws Exception {
    String unique = mqtt.uniquePrefix() + BridgeConfigs.RUN + "-";
    Topics topics = topics(kafka);
    CornjacketConfig config =
        BridgeConfigs.config(
            broker, kafka.bootstrapServers(), topics.prefix(), unique + "bridge", extra);
    long started = System.nanoTime();
    try (MqttBridge bridge = MqttBridge.start(config.mqtt(), config.kafka(), topics, unique + "g");
        RawTopicWatcher raw = new RawTopicWatcher(kafka.bootstrapServers(), topics.raw().name())) {
      await().atMost(Duration.ofSeconds(30)).until(bridge::connected);

      Set<String> expected =
          publishFromClients(
              broker, unique, clients, messagesPerClient, () -> bridge.stats().acknowledged());
      List<ConsumerRecord<String, byte[]>> records = raw.awaitEventIds(expected, DELIVERY_TIMEOUT);

      Set<String> delivered = new HashSet<>();
      for (ConsumerRecord<String, byte[]> record : records) {
        RawEnvelope envelope = raw.envelope(record);
        delivered.add(raw.eventId(record));
        assertThat(envelope.source()).isEqualTo(RawEnvelope.SOURCE_MQTT);
        assertThat(record.key()).isEqualTo(envelope.event().get("device_id").asText());
      }
      assertThat(delivered).isEqualTo(expected);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> bridge.stats().acknowledged() >= expected.size());
      BridgeStats stats = bridge.stats();
      assertThat(stats.maxInFlight())
          .isLessThanOrEqualTo(RECEIVE_MAXIMUM + 1); // one may be acknowledged, not yet let go
      log.info(
          "{} ({}): {} messages from {} clients, {} unique ids in {} records (duplicates {}),"
              + " {} ms; {}",
          broker,
          config.mqtt().protocol(),
          expected.size(),
          clients,
          delivered.size(),
          records.size(),
          records.size() - delivered.size(),
          (System.nanoTime() - started) / 1_000_000,
          stats);
    }
  }

  @Test
  void shouldDeadLetterEachBadPayloadWithItsReasonAndForwardTheGoodOnes(
      MqttFixture mqtt, KafkaFixture kafka) throws Exception {
    TestBroker broker = TestBroker.embedded(mqtt);
    String unique = mqtt.uniquePrefix() + BridgeConfigs.RUN + "-";
    String device = unique + "dev";
    String topic = "cj/devices/" + device + "/events";
    Topics topics = topics(kafka);
    CornjacketConfig config =
        BridgeConfigs.config(
            broker,
            kafka.bootstrapServers(),
            topics.prefix(),
            unique + "bridge",
            Map.of("CORNJACKET_MQTT_MAX_PAYLOAD", "2KiB"));
    byte[] oversized = new byte[3_000];
    Arrays.fill(oversized, (byte) ' ');
    oversized[0] = '{';
    oversized[oversized.length - 1] = '}';
    String withoutDeviceId = "{\"event_id\":\"" + unique + "good\",\"type\":\"system\",\"ts\":1}";
    String otherDevice = DevicePublisher.event("someone-else", unique + "other");
    String batch =
        "["
            + DevicePublisher.event(device, unique + "in-batch")
            + ","
            + DevicePublisher.event("intruder", unique + "intruder")
            + "]";

    try (MqttBridge bridge = MqttBridge.start(config.mqtt(), config.kafka(), topics, unique + "g");
        RawTopicWatcher raw = new RawTopicWatcher(kafka.bootstrapServers(), topics.raw().name());
        RawTopicWatcher deadLetters =
            new RawTopicWatcher(kafka.bootstrapServers(), topics.deadLetters().name());
        DevicePublisher gateway = new DevicePublisher(broker, unique + "gateway")) {
      await().atMost(Duration.ofSeconds(30)).until(bridge::connected);

      CompletableFuture.allOf(
              gateway.publish(topic, "{\"device_id\":"),
              gateway.publish(topic, otherDevice),
              gateway.publish(topic, oversized),
              gateway.publish(topic, "42"),
              gateway.publish(topic, "[]"),
              gateway.publish(topic, withoutDeviceId),
              gateway.publish(topic, batch))
          .get(10, TimeUnit.SECONDS);

      List<ConsumerRecord<String, byte[]>> letters = deadLetters.awaitRecords(6, DELIVERY_TIMEOUT);
      assertThat(letters).hasSize(6);
      List<String> reasons = new ArrayList<>();
      for (ConsumerRecord<String, byte[]> record : letters) {
        DeadLetters.DeadLetter letter = RawTopicWatcher.deadLetter(record);
        assertThat(letter.stage()).isEqualTo(DeadLetters.STAGE_MQTT);
        assertThat(letter.source()).isEqualTo(RawEnvelope.SOURCE_MQTT);
        assertThat(letter.message()).contains(topic);
        assertThat(record.key()).isEqualTo(device);
        reasons.add(letter.reason());
        if (letter.reason().equals("too_large")) {
          assertThat(letter.value()).hasSize(2048);
        }
        if (letter.reason().equals("invalid_json")) {
          assertThat(new String(letter.value(), UTF_8)).isEqualTo("{\"device_id\":");
        }
      }
      assertThat(reasons)
          .containsExactlyInAnyOrder(
              "invalid_json",
              "device_mismatch",
              "too_large",
              "bad_type",
              "bad_value",
              "device_mismatch");

      List<ConsumerRecord<String, byte[]>> events =
          raw.awaitEventIds(List.of(unique + "good", unique + "in-batch"), DELIVERY_TIMEOUT);
      assertThat(events).hasSize(2);
      for (ConsumerRecord<String, byte[]> record : events) {
        assertThat(record.key()).isEqualTo(device);
        assertThat(raw.envelope(record).event().get("device_id").asText()).isEqualTo(device);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> bridge.stats().acknowledged() == 7);
      assertThat(bridge.stats().deadLettered()).isEqualTo(6);
      assertThat(bridge.stats().eventsForwarded()).isEqualTo(2);
    }
  }

  /**
   * Brokers split a group's messages differently: Mosquitto takes turns, while HiveMQ CE hands a
   * backlog to one member at a time and picks a member at random when messages arrive to an empty
   * queue. The messages come in waves here, as from gateways that report periodically, so that on
   * either broker both bridges take some.
   */
  @TestFactory
  Stream<DynamicTest> shouldSplitTheLoadBetweenTwoBridgesOfOneGroupOnEveryBroker(
      MqttFixture mqtt, KafkaFixture kafka) {
    return TestBroker.available(mqtt).stream()
        .map(
            broker ->
                dynamicTest(
                    broker.name(),
                    () ->
                        assertTimeoutPreemptively(
                            Duration.ofSeconds(90), () -> splitTheLoad(broker, mqtt, kafka))));
  }

  private void splitTheLoad(TestBroker broker, MqttFixture mqtt, KafkaFixture kafka)
      throws Exception {
    String unique = mqtt.uniquePrefix() + BridgeConfigs.RUN + "-";
    Topics topics = topics(kafka);
    CornjacketConfig first =
        BridgeConfigs.config(
            broker, kafka.bootstrapServers(), topics.prefix(), unique + "bridge-1", Map.of());
    CornjacketConfig second =
        BridgeConfigs.config(
            broker, kafka.bootstrapServers(), topics.prefix(), unique + "bridge-2", Map.of());
    String group = unique + "g";

    try (MqttBridge one = MqttBridge.start(first.mqtt(), first.kafka(), topics, group);
        MqttBridge two = MqttBridge.start(second.mqtt(), second.kafka(), topics, group);
        RawTopicWatcher raw = new RawTopicWatcher(kafka.bootstrapServers(), topics.raw().name())) {
      await().atMost(Duration.ofSeconds(30)).until(() -> one.connected() && two.connected());
      LongSupplier acknowledged = () -> one.stats().acknowledged() + two.stats().acknowledged();

      Set<String> expected = new HashSet<>();
      for (int wave = 0; wave < WAVES; wave++) {
        Set<String> ids =
            publishFromClients(broker, unique + "w" + wave + "-", 5, 20, acknowledged);
        raw.awaitEventIds(ids, DELIVERY_TIMEOUT);
        expected.addAll(ids);
      }

      assertThat(raw.poll().stream().map(raw::eventId).distinct().count())
          .isEqualTo(expected.size());
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> acknowledged.getAsLong() >= expected.size());
      log.info(
          "{}: two bridges of one group: first {}, second {}", broker, one.stats(), two.stats());
      assertThat(one.stats().eventsForwarded()).isPositive();
      assertThat(two.stats().eventsForwarded()).isPositive();
    }
  }

  /**
   * Scaling down: a bridge closed gracefully ends its session, so the broker hands every message of
   * the group to the members left, instead of queueing a share for a session that does not come
   * back (found by the rebalance test of the chaos suite).
   */
  @Test
  void shouldLeaveNoMessageBehindWhenABridgeOfTheGroupClosesGracefully(
      MqttFixture mqtt, KafkaFixture kafka) throws Exception {
    TestBroker broker = TestBroker.embedded(mqtt);
    String unique = mqtt.uniquePrefix() + BridgeConfigs.RUN + "-";
    Topics topics = topics(kafka);
    CornjacketConfig first =
        BridgeConfigs.config(
            broker, kafka.bootstrapServers(), topics.prefix(), unique + "bridge-1", Map.of());
    CornjacketConfig second =
        BridgeConfigs.config(
            broker, kafka.bootstrapServers(), topics.prefix(), unique + "bridge-2", Map.of());
    String group = unique + "g";
    try (MqttBridge staying = MqttBridge.start(first.mqtt(), first.kafka(), topics, group);
        RawTopicWatcher raw = new RawTopicWatcher(kafka.bootstrapServers(), topics.raw().name())) {
      MqttBridge leaving = MqttBridge.start(second.mqtt(), second.kafka(), topics, group);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> staying.connected() && leaving.connected());
      leaving.close();

      Set<String> ids = new HashSet<>();
      for (int wave = 0; wave < 5; wave++) {
        ids.addAll(
            publishFromClients(
                broker, unique + "w" + wave + "-", 2, 20, () -> staying.stats().acknowledged()));
      }
      raw.awaitEventIds(ids, DELIVERY_TIMEOUT);
      assertThat(staying.stats().eventsForwarded()).isEqualTo(ids.size());
    }
  }

  /**
   * Publishes {@code perClient} events from each of {@code clients} gateways, concurrently, keeping
   * what waits on the broker for the bridge ({@code acknowledged}) small: within half the broker's
   * queue limit, beyond which a broker such as Mosquitto drops QoS 1 messages even for a connected
   * subscriber (its {@code max_queued_messages}), and within {@value #BACKLOG}, beyond which HiveMQ
   * CE spends more time on its queue than on the messages.
   */
  static Set<String> publishFromClients(
      TestBroker broker, String unique, int clients, int perClient, LongSupplier acknowledged)
      throws Exception {
    long window = Math.min(BACKLOG, broker.offlineQueueLimit() / 2);
    int chunk = (int) Math.max(1, window / (2L * clients));
    AtomicLong published = new AtomicLong();
    Set<String> expected = ConcurrentHashMap.newKeySet();
    List<DevicePublisher> publishers = new ArrayList<>();
    try (ExecutorService gateways = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        DevicePublisher publisher = new DevicePublisher(broker, unique + "gateway-" + c);
        publishers.add(publisher);
        String client = unique + "c" + c;
        String device = unique + "device-" + c;
        List<String> ids = IntStream.range(0, perClient).mapToObj(i -> client + "-e" + i).toList();
        expected.addAll(ids);
        running.add(
            gateways.submit(
                () -> {
                  for (int from = 0; from < ids.size(); from += chunk) {
                    List<String> part = ids.subList(from, Math.min(ids.size(), from + chunk));
                    await()
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> published.get() - acknowledged.getAsLong() <= window - chunk);
                    publisher.publishEvents(device, part).get(60, TimeUnit.SECONDS);
                    published.addAndGet(part.size());
                  }
                  return null;
                }));
      }
      for (Future<?> gateway : running) {
        gateway.get(120, TimeUnit.SECONDS);
      }
    } finally {
      for (DevicePublisher publisher : publishers) {
        publisher.close();
      }
    }
    return Set.copyOf(expected);
  }

  static Topics topics(KafkaFixture kafka) {
    Topics topics = new Topics(kafka.uniquePrefix());
    kafka.createTopics(3, topics.raw().name(), topics.deadLetters().name());
    return topics;
  }
}
