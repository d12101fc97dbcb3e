package dev.cornjacket.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.MqttFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedMqtt;
import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.topology.RawEnvelope;
import dev.cornjacket.topology.RawEnvelopeSerde;
import dev.cornjacket.topology.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The ingest role with an MQTT broker configured: the bridge runs and reports its readiness. */
@ExtendWith({SharedKafka.class, SharedMqtt.class})
@Timeout(120)
class MqttIngestIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldRunTheMqttBridgeInTheIngestRoleAndReportItInReadiness(
      KafkaFixture kafka, MqttFixture mqtt, @TempDir Path dataDir) throws Exception {
    String prefix = kafka.uniquePrefix();
    String device = mqtt.uniquePrefix() + "sensor";
    CornjacketConfig config =
        ConfigLoader.load(
                Map.of(
                    "CORNJACKET_KAFKA_BOOTSTRAP",
                    kafka.bootstrapServers(),
                    "CORNJACKET_KAFKA_TOPIC_PREFIX",
                    prefix,
                    "CORNJACKET_HTTP_PORT",
                    "0",
                    "CORNJACKET_ROLES",
                    "ingest",
                    "CORNJACKET_DATA_DIR",
                    dataDir.toString(),
                    "CORNJACKET_MQTT_URL",
                    mqtt.url(),
                    "CORNJACKET_MQTT_USERNAME",
                    mqtt.credentials().username(),
                    "CORNJACKET_MQTT_PASSWORD",
                    mqtt.credentials().password().value(),
                    "CORNJACKET_MQTT_CLIENT_ID",
                    prefix + "bridge",
                    "CORNJACKET_MQTT_SESSION_EXPIRY",
                    "60s"),
                Optional.empty())
            .config();
    Topics topics = new Topics(prefix);

    try (Platform platform = Platform.start(config)) {
      URI ready = URI.create("http://localhost:" + platform.httpPort() + "/health/ready");
      await().atMost(Duration.ofSeconds(30)).until(() -> mqttStatus(ready).equals("UP"));

      Mqtt5AsyncClient gateway =
          MqttClient.builder()
              .useMqttVersion5()
              .identifier(device + "-gateway")
              .serverHost("localhost")
              .serverPort(mqtt.port())
              .simpleAuth()
              .username(mqtt.credentials().username())
              .password(mqtt.credentials().password().value().getBytes(StandardCharsets.UTF_8))
              .applySimpleAuth()
              .buildAsync();
      gateway.connect().get(10, TimeUnit.SECONDS);
      gateway
          .publishWith()
          .topic("cj/devices/" + device + "/events")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(
              ("{\"type\":\"system\",\"ts\":" + System.currentTimeMillis() + "}")
                  .getBytes(StandardCharsets.UTF_8))
          .send()
          .get(10, TimeUnit.SECONDS);
      gateway.disconnect().get(10, TimeUnit.SECONDS);

      List<ConsumerRecord<String, byte[]>> raw =
          TopicReader.readAll(
              kafka.bootstrapServers(),
              topics.raw().name(),
              r -> device.equals(r.key()),
              1,
              Duration.ofSeconds(30));
      assertThat(raw).hasSize(1);
      RawEnvelope envelope = RawEnvelopeSerde.read(topics.raw().name(), raw.getFirst().value());
      assertThat(envelope.source()).isEqualTo(RawEnvelope.SOURCE_MQTT);
      assertThat(envelope.event().get("device_id").asText()).isEqualTo(device);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> readiness(ready).at("/checks/mqtt/acknowledged").asLong() == 1);
    }
  }

  private static String mqttStatus(URI ready) throws Exception {
    return readiness(ready).at("/checks/mqtt/status").asText();
  }

  private static JsonNode readiness(URI ready) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(ready).GET().build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
