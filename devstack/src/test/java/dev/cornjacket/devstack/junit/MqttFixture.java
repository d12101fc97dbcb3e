package dev.cornjacket.devstack.junit;

import dev.cornjacket.devstack.EmbeddedMqttBroker;
import dev.cornjacket.devstack.MqttCredentials;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a test gets from {@link SharedMqtt}: the address of the MQTT broker shared by the whole test
 * JVM, the user it admits, and unique names so tests do not see each other's sessions and groups.
 */
public final class MqttFixture {

  private final EmbeddedMqttBroker broker;
  private final AtomicInteger prefixes = new AtomicInteger();

  MqttFixture(EmbeddedMqttBroker broker) {
    this.broker = broker;
  }

  /** The broker's URL, {@code tcp://localhost:PORT}. */
  public String url() {
    return broker.url();
  }

  public int port() {
    return broker.port();
  }

  /** The only user the shared broker admits. */
  public MqttCredentials credentials() {
    return broker.credentials().orElseThrow();
  }

  /**
   * A prefix no other caller in this JVM gets, like {@code "m7-"}; put it before the client ids,
   * shared-subscription groups and device ids of a test.
   */
  public String uniquePrefix() {
    return "m" + prefixes.incrementAndGet() + "-";
  }
}
