package dev.cornjacket.mqtt;

import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Configurations of bridges under test, loaded the way the application loads its own. */
final class BridgeConfigs {

  /**
   * Differs between test runs: sessions and groups of an earlier run may still live on a broker
   * that outlives the tests (the machine's Mosquitto), and must not take this run's messages.
   */
  static final String RUN = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

  /** Sessions of test bridges end soon after the test, on brokers that outlive it. */
  static final String SESSION_EXPIRY = "60s";

  private BridgeConfigs() {}

  static CornjacketConfig config(
      TestBroker broker,
      String bootstrap,
      String topicPrefix,
      String clientId,
      Map<String, String> extra) {
    Map<String, String> env = new LinkedHashMap<>(broker.environment());
    env.put("CORNJACKET_KAFKA_BOOTSTRAP", bootstrap);
    env.put("CORNJACKET_KAFKA_TOPIC_PREFIX", topicPrefix);
    env.put("CORNJACKET_MQTT_CLIENT_ID", clientId);
    env.put("CORNJACKET_MQTT_SESSION_EXPIRY", SESSION_EXPIRY);
    env.putAll(extra);
    return ConfigLoader.load(env, Optional.empty()).config();
  }
}
