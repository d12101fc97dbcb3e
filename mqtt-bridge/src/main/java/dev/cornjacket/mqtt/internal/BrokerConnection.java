package dev.cornjacket.mqtt.internal;

import java.util.concurrent.CompletableFuture;

/**
 * One connection of the bridge to the MQTT broker, over one client object: after it is lost or
 * reset, the bridge builds a new one rather than reconnecting this one (a reused HiveMQ client can
 * stall after a reconnect, hivemq-mqtt-client#796). The session outlives it: every connection
 * resumes it ({@code cleanStart=false}), so the broker delivers again whatever was not
 * acknowledged.
 *
 * <p>Messages arrive through the callback given when the connection is created, registered before
 * it connects, since the broker may send queued messages right after its CONNACK.
 */
public interface BrokerConnection {

  /** Connects and resumes the session; completes with whether the broker still had it. */
  CompletableFuture<Boolean> connect();

  /** Subscribes at QoS 1 with manual acknowledgement; fails when the broker refuses. */
  CompletableFuture<Void> subscribe(String topicFilter);

  /** Disconnects, keeping the session on the broker. */
  CompletableFuture<Void> disconnect();

  /** {@code MQTT 5} or {@code MQTT 3.1.1}. */
  String protocolName();
}
