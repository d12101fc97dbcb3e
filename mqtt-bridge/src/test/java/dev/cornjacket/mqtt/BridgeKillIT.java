package dev.cornjacket.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.MqttFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedMqtt;
import dev.cornjacket.topology.Topics;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's process is killed ({@code kill -9}) while it forwards messages: taken from the
 * broker, some produced, none of the last ones acknowledged. A new process with the same client id
 * resumes the session, and every message ends up in Kafka (at least once).
 */
@ExtendWith({SharedKafka.class, SharedMqtt.class})
@Timeout(180)
class BridgeKillIT {

  private static final Logger log = LoggerFactory.getLogger(BridgeKillIT.class);
  private static final int GATEWAYS = 4;

  @TestFactory
  Stream<DynamicTest> shouldDeliverEveryMessageAfterTheBridgeIsKilledWithMessagesInFlight(
      MqttFixture mqtt, KafkaFixture kafka) {
    return TestBroker.available(mqtt).stream()
        .map(
            broker ->
                dynamicTest(
                    broker.name(),
                    () ->
                        assertTimeoutPreemptively(
                            Duration.ofSeconds(150), () -> killAndRestart(broker, mqtt, kafka))));
  }

  private void killAndRestart(TestBroker broker, MqttFixture mqtt, KafkaFixture kafka)
      throws Exception {
    String unique = mqtt.uniquePrefix() + BridgeConfigs.RUN + "-";
    Topics topics = MqttBridgeIT.topics(kafka);
    Map<String, String> env = new LinkedHashMap<>(broker.environment());
    env.put("CORNJACKET_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("CORNJACKET_KAFKA_TOPIC_PREFIX", topics.prefix());
    env.put("CORNJACKET_MQTT_CLIENT_ID", unique + "bridge");
    env.put("CORNJACKET_MQTT_SESSION_EXPIRY", BridgeConfigs.SESSION_EXPIRY);
    // a slower path to Kafka keeps a full window of messages in flight when the kill comes
    env.put("CORNJACKET_KAFKA_LINGER", "50ms");
    String group = unique + "g";

    // all of it may wait on the broker while no bridge runs: stay within what the broker queues
    int perGateway = Math.min(750, broker.offlineQueueLimit() * 3 / 4 / GATEWAYS);
    Set<String> expected = new HashSet<>();
    List<DevicePublisher> gateways = new ArrayList<>();
    try (RawTopicWatcher raw = new RawTopicWatcher(kafka.bootstrapServers(), topics.raw().name())) {
      Process first = startBridge(env, group);
      List<CompletableFuture<Void>> sent = new ArrayList<>();
      try {
        for (int g = 0; g < GATEWAYS; g++) {
          DevicePublisher gateway = new DevicePublisher(broker, unique + "gateway-" + g);
          gateways.add(gateway);
          String prefix = unique + "g" + g + "-e";
          List<String> ids = IntStream.range(0, perGateway).mapToObj(i -> prefix + i).toList();
          expected.addAll(ids);
          sent.add(gateway.publishEvents(unique + "device-" + g, ids));
        }
        // kill it mid-stream: some messages are in Kafka, many are not yet
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ZERO)
            .until(() -> raw.poll().size() >= expected.size() / 10);
      } finally {
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      int beforeKill = raw.poll().size();
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      for (DevicePublisher gateway : gateways) {
        gateway.close();
      }
      assertThat(beforeKill).isLessThan(expected.size());

      Process second = startBridge(env, group);
      try {
        List<ConsumerRecord<String, byte[]>> records =
            raw.awaitEventIds(expected, Duration.ofSeconds(90));
        long uniqueIds = records.stream().map(raw::eventId).distinct().count();
        assertThat(uniqueIds).isEqualTo(expected.size());
        log.info(
            "{}: killed after {} records in Kafka; after the restart {} unique ids of {} published, in"
                + " {} records ({} delivered twice)",
            broker,
            beforeKill,
            uniqueIds,
            expected.size(),
            records.size(),
            records.size() - uniqueIds);
      } finally {
        second.destroy();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
    }
  }

  /** Starts a bridge process and returns once it is connected. */
  private static Process startBridge(Map<String, String> env, String group) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--sun-misc-unsafe-memory-access=allow",
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                BridgeProcess.class.getName(),
                group)
            .redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("CORNJACKET_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("bridge-process-output")
        .start(
            () -> {
              try (BufferedReader output =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                  if (line.equals(BridgeProcess.READY)) {
                    ready.complete(null);
                  } else {
                    log.info("[bridge process] {}", line);
                  }
                }
              } catch (IOException e) {
                ready.completeExceptionally(e);
              }
              ready.completeExceptionally(new IllegalStateException("the bridge process ended"));
            });
    try {
      ready.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException("The bridge process did not connect", e);
    }
    return process;
  }
}
