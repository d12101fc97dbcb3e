package dev.cornjacket.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: a subscriber with the bridge's subscription (shared, QoS 1, manual acknowledgement,
 * the same receive maximum) that acknowledges each message as it arrives and does nothing else.
 */
final class AckingSubscriber implements AutoCloseable {

  private final Mqtt5AsyncClient client;
  private final AtomicLong acknowledged = new AtomicLong();

  AckingSubscriber(String host, int port, String user, byte[] password, int receiveMaximum)
      throws Exception {
    client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("bench-baseline-subscriber")
            .serverHost(host)
            .serverPort(port)
            .simpleAuth()
            .username(user)
            .password(password)
            .applySimpleAuth()
            .buildAsync();
    client.publishes(
        MqttGlobalPublishFilter.ALL,
        publish -> {
          publish.acknowledge();
          acknowledged.incrementAndGet();
        },
        true);
    client
        .connectWith()
        .cleanStart(true)
        .restrictions()
        .receiveMaximum(receiveMaximum)
        .applyRestrictions()
        .send()
        .get(10, TimeUnit.SECONDS);
    client
        .subscribeWith()
        .topicFilter("$share/bench-baseline/cj/devices/+/events")
        .qos(MqttQos.AT_LEAST_ONCE)
        .send()
        .get(10, TimeUnit.SECONDS);
  }

  long acknowledged() {
    return acknowledged.get();
  }

  @Override
  public void close() throws Exception {
    client.disconnect().get(10, TimeUnit.SECONDS);
  }
}
