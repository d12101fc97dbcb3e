package dev.cornjacket.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import java.net.URI;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.TrustManagerFactory;

/**
 * A gateway publishing events at QoS 1, as devices do: its own MQTT 5 client with a clean session.
 * The broker's PUBACK says the broker has a message, not that Cornjacket has it.
 */
final class DevicePublisher implements AutoCloseable {

  private final Mqtt5AsyncClient client;

  DevicePublisher(TestBroker broker, String clientId) throws Exception {
    URI url = URI.create(broker.url());
    Mqtt5ClientBuilder builder =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(clientId)
            .serverHost(url.getHost())
            .serverPort(url.getPort());
    if ("ssl".equals(url.getScheme())) {
      builder.sslConfig(trustOnly(broker));
    }
    broker
        .username()
        .ifPresent(
            user ->
                builder
                    .simpleAuth()
                    .username(user)
                    .password(broker.password().orElse("").getBytes(UTF_8))
                    .applySimpleAuth());
    client = builder.buildAsync();
    client.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
  }

  private static MqttClientSslConfig trustOnly(TestBroker broker) throws Exception {
    char[] password = broker.trustStorePassword().orElse("").toCharArray();
    KeyStore store = KeyStore.getInstance(broker.trustStore().orElseThrow().toFile(), password);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    return MqttClientSslConfig.builder().trustManagerFactory(trust).build();
  }

  /** A sensor event of {@code deviceId} with id {@code eventId}, as JSON. */
  static String event(String deviceId, String eventId) {
    return "{\"event_id\":\""
        + eventId
        + "\",\"device_id\":\""
        + deviceId
        + "\",\"type\":\"sensor\",\"ts\":"
        + System.currentTimeMillis()
        + ",\"metrics\":{\"temperature\":21.5}}";
  }

  CompletableFuture<Mqtt5PublishResult> publish(String topic, String payload) {
    return publish(topic, payload.getBytes(UTF_8));
  }

  CompletableFuture<Mqtt5PublishResult> publish(String topic, byte[] payload) {
    return client
        .publishWith()
        .topic(topic)
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload)
        .send()
        .thenApply(
            result -> {
              result
                  .getError()
                  .ifPresent(
                      error -> {
                        throw new IllegalStateException("the broker refused a publish", error);
                      });
              return result;
            });
  }

  /** Publishes one event per id to {@code cj/devices/{deviceId}/events}; all at once. */
  CompletableFuture<Void> publishEvents(String deviceId, List<String> eventIds) {
    List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>(eventIds.size());
    for (String eventId : eventIds) {
      sent.add(publish("cj/devices/" + deviceId + "/events", event(deviceId, eventId)));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  @Override
  public void close() throws ExecutionException, TimeoutException {
    try {
      client.disconnect().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while disconnecting a gateway", e);
    }
  }
}
