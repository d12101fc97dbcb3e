package dev.cornjacket.mqtt.internal;

/**
 * A message the broker delivered at QoS 1 and waits to be acknowledged for.
 *
 * @param topic the topic it was published to
 * @param payload its payload
 * @param connection the connection it came through; an acknowledgement only counts on that one
 * @param acknowledgement sends its PUBACK (the client sends them in the order messages arrived)
 */
public record InboundMessage(
    String topic, byte[] payload, BrokerConnection connection, Runnable acknowledgement) {

  public void acknowledge() {
    acknowledgement.run();
  }
}
