package dev.cornjacket.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The MQTT broker the bridge subscribes to.
 *
 * @param url {@code tcp://host:port} or {@code ssl://host:port}; empty means "start the embedded
 *     broker" in dev mode
 * @param username user name, if the broker needs one
 * @param password password, masked when printed
 */
public record MqttSettings(
    Optional<URI> url, Optional<String> username, Optional<Secret> password) {

  public static final Setting<URI> URL =
      Setting.of(
          "CORNJACKET_MQTT_URL",
          ValueType.uri("tcp", "ssl"),
          null,
          "MQTT broker (tcp://host:port or ssl://host:port); unset in dev mode starts the embedded one");
  public static final Setting<String> USERNAME =
      Setting.of("CORNJACKET_MQTT_USERNAME", ValueType.string(), null, "MQTT user name");
  public static final Setting<Secret> PASSWORD =
      Setting.secret("CORNJACKET_MQTT_PASSWORD", Secret.type(), "MQTT password");

  /** The same settings, pointed at the given broker (the embedded one in dev mode). */
  public MqttSettings withUrl(URI brokerUrl) {
    return new MqttSettings(Optional.of(brokerUrl), username, password);
  }

  static final List<Setting<?>> SETTINGS = List.of(URL, USERNAME, PASSWORD);

  static MqttSettings read(SettingsReader r) {
    return new MqttSettings(r.optional(URL), r.optional(USERNAME), r.optional(PASSWORD));
  }
}
