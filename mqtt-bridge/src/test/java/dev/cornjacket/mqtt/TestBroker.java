package dev.cornjacket.mqtt;

import dev.cornjacket.devstack.junit.MqttFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An MQTT broker a test runs against: the embedded HiveMQ of the dev stack (always), and the
 * machine's Mosquitto on 127.0.0.1:1883 when one runs there.
 *
 * <p>The bridge speaks MQTT 3.1.1 to Mosquitto: Mosquitto 2.0.11 (Debian's) sends MQTT 5 clients
 * more unacknowledged messages than their receive maximum (eclipse-mosquitto#2301), which a correct
 * client answers by disconnecting; the README says so too.
 *
 * @param name for test names
 * @param url {@code tcp://host:port}
 * @param username empty for anonymous
 * @param password empty for none
 * @param protocol the bridge's {@code CORNJACKET_MQTT_PROTOCOL} for this broker
 * @param offlineQueueLimit messages the broker queues for a session while its client is away;
 *     beyond that it drops them (Mosquitto's {@code max_queued_messages} is 1,000 by default)
 * @param trustStore for {@code ssl://}: a PKCS12 trust store with the broker's certificate
 * @param trustStorePassword its password
 */
record TestBroker(
    String name,
    String url,
    Optional<String> username,
    Optional<String> password,
    String protocol,
    int offlineQueueLimit,
    Optional<Path> trustStore,
    Optional<String> trustStorePassword) {

  TestBroker(
      String name,
      String url,
      Optional<String> username,
      Optional<String> password,
      String protocol,
      int offlineQueueLimit) {
    this(
        name,
        url,
        username,
        password,
        protocol,
        offlineQueueLimit,
        Optional.empty(),
        Optional.empty());
  }

  private static final String MOSQUITTO_HOST = "127.0.0.1";
  private static final int MOSQUITTO_PORT = 1883;

  static TestBroker embedded(MqttFixture mqtt) {
    return new TestBroker(
        "embedded HiveMQ",
        mqtt.url(),
        Optional.of(mqtt.credentials().username()),
        Optional.of(mqtt.credentials().password().value()),
        "mqtt5",
        100_000);
  }

  /** The embedded broker, and Mosquitto when it runs on this machine. */
  static List<TestBroker> available(MqttFixture mqtt) {
    List<TestBroker> brokers = new ArrayList<>();
    brokers.add(embedded(mqtt));
    if (mosquittoListens()) {
      brokers.add(
          new TestBroker(
              "system Mosquitto",
              "tcp://" + MOSQUITTO_HOST + ":" + MOSQUITTO_PORT,
              Optional.empty(),
              Optional.empty(),
              "mqtt3",
              1_000));
    }
    return brokers;
  }

  /** The bridge's configuration variables for this broker. */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CORNJACKET_MQTT_URL", url);
    env.put("CORNJACKET_MQTT_PROTOCOL", protocol);
    username.ifPresent(u -> env.put("CORNJACKET_MQTT_USERNAME", u));
    trustStore.ifPresent(path -> env.put("CORNJACKET_MQTT_TRUST_STORE", path.toString()));
    trustStorePassword.ifPresent(p -> env.put("CORNJACKET_MQTT_TRUST_STORE_PASSWORD", p));
    password.ifPresent(p -> env.put("CORNJACKET_MQTT_PASSWORD", p));
    return env;
  }

  private static boolean mosquittoListens() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(MOSQUITTO_HOST, MOSQUITTO_PORT), 500);
      return true;
    } catch (IOException e) {
      return false; // no Mosquitto here: the tests run on the embedded broker only
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
