package dev.cornjacket.mqtt.internal;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientBuilder;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How every connection of the bridge is made.
 *
 * @param host the broker's host
 * @param port the broker's port
 * @param tls TLS settings for {@code ssl://}, empty for plain TCP
 * @param clientId the client id, which names the session
 * @param username empty for none
 * @param password empty for none
 * @param sessionExpiry how long the broker keeps the session while the bridge is away (MQTT 5)
 * @param receiveMaximum how many unacknowledged messages the broker may send (MQTT 5)
 * @param keepAlive how often the client and broker prove to each other they are alive
 */
public record ConnectionOptions(
    String host,
    int port,
    Optional<MqttClientSslConfig> tls,
    String clientId,
    Optional<String> username,
    Optional<byte[]> password,
    Duration sessionExpiry,
    int receiveMaximum,
    Duration keepAlive) {
  /**
   * A client builder with what both MQTT versions share: identifier, server, TLS, and a listener
   * told when the connection breaks other than by the bridge's own disconnect.
   */
  MqttClientBuilder clientBuilder(Consumer<Throwable> lost) {
    MqttClientBuilder builder =
        MqttClient.builder()
            .identifier(clientId())
            .serverHost(host())
            .serverPort(port())
            .addDisconnectedListener(
                context -> {
                  if (context.getSource() != MqttDisconnectSource.USER) {
                    lost.accept(context.getCause());
                  }
                });
    return tls().map(builder::sslConfig).orElse(builder);
  }
}
