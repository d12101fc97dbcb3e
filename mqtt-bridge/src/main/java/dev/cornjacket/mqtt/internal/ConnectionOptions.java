package dev.cornjacket.mqtt.internal;

import com.hivemq.client.mqtt.MqttClientSslConfig;
import java.time.Duration;
import java.util.Optional;

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
    Duration keepAlive) {}
