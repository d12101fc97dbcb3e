package dev.cornjacket.config;

import java.util.List;

/**
 * Ports of the embedded servers that {@code cornjacket dev} starts. 0 picks any free port; a
 * default port that is busy falls back to a free one.
 *
 * @param kafkaPort port of the embedded Kafka broker
 * @param postgresPort port of the embedded PostgreSQL
 * @param mqttPort port of the embedded MQTT broker
 */
public record DevSettings(int kafkaPort, int postgresPort, int mqttPort) {

  public static final Setting<Integer> KAFKA_PORT =
      Setting.of(
          "CORNJACKET_DEV_KAFKA_PORT",
          ValueType.port(),
          "9092",
          "Port of the embedded Kafka broker");
  public static final Setting<Integer> PG_PORT =
      Setting.of(
          "CORNJACKET_DEV_PG_PORT", ValueType.port(), "5433", "Port of the embedded PostgreSQL");
  public static final Setting<Integer> MQTT_PORT =
      Setting.of(
          "CORNJACKET_DEV_MQTT_PORT", ValueType.port(), "1884", "Port of the embedded MQTT broker");

  static final List<Setting<?>> SETTINGS = List.of(KAFKA_PORT, PG_PORT, MQTT_PORT);

  static DevSettings read(SettingsReader r) {
    return new DevSettings(
        orZero(r.get(KAFKA_PORT)), orZero(r.get(PG_PORT)), orZero(r.get(MQTT_PORT)));
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
