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

  /**
   * Disconnects for good and leaves the shared subscription, so that the broker gives this bridge's
   * share of the messages to the other members instead of queueing it for a session that does not
   * come back (scaling down). MQTT 5 ends the session (expiry 0 on DISCONNECT: the broker hands its
   * unacknowledged messages to another member); MQTT 3.1.1 cannot end a persistent session, so it
   * unsubscribes {@code topicFilter} first.
   */
  CompletableFuture<Void> leave(String topicFilter);

  /** {@code MQTT 5} or {@code MQTT 3.1.1}. */
  String protocolName();
}
