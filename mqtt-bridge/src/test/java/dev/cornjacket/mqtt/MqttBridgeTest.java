package dev.cornjacket.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.mqtt.internal.TlsSettings;
import dev.cornjacket.topology.Topics;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the bridge refuses before it starts anything; no server runs here. */
class MqttBridgeTest {

  @Test
  void shouldNameTheMissingAddress() {
    CornjacketConfig withoutBroker = config(Map.of("CORNJACKET_KAFKA_BOOTSTRAP", "localhost:9092"));
    assertThatThrownBy(
            () -> MqttBridge.start(withoutBroker.mqtt(), withoutBroker.kafka(), new Topics()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mqtt.url is unset");

    CornjacketConfig withoutKafka = config(Map.of("CORNJACKET_MQTT_URL", "tcp://localhost:1883"));
    assertThatThrownBy(
            () -> MqttBridge.start(withoutKafka.mqtt(), withoutKafka.kafka(), new Topics()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafka.bootstrap is unset");
  }

  @Test
  void shouldNameTheTrustStoreItCannotRead() {
    CornjacketConfig config =
        config(
            Map.of(
                "CORNJACKET_MQTT_URL", "ssl://broker:8883",
                "CORNJACKET_MQTT_TRUST_STORE", "no/such/trust.p12"));

    assertThatThrownBy(() -> TlsSettings.of(config.mqtt()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "CORNJACKET_MQTT_TRUST_STORE: cannot read the trust store no/such/trust.p12: ");
  }

  @Test
  void shouldUseTlsOnlyForSslUrls() {
    assertThat(TlsSettings.of(config(Map.of("CORNJACKET_MQTT_URL", "tcp://b:1883")).mqtt()))
        .isEmpty();
    assertThat(TlsSettings.of(config(Map.of("CORNJACKET_MQTT_URL", "ssl://b:8883")).mqtt()))
        .isPresent();
  }

  private static CornjacketConfig config(Map<String, String> env) {
    return ConfigLoader.load(env, Optional.empty()).config();
  }
}
