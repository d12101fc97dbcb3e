package dev.cornjacket.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The MQTT broker the bridge subscribes to, and how the bridge holds its session there.
 *
 * @param url {@code tcp://host:port} or {@code ssl://host:port}; empty means "start the embedded
 *     broker" in dev mode (and no bridge otherwise)
 * @param username user name, if the broker needs one
 * @param password password, masked when printed
 * @param clientId the bridge's MQTT client id; empty means {@code cornjacket-HOSTNAME}. It names
 *     the persistent session, so it must stay the same across restarts of an instance and differ
 *     between instances
 * @param sessionExpiry how long the broker keeps the bridge's session (its subscription and the
 *     messages not yet acknowledged) while the bridge is away
 * @param receiveMaximum most messages the broker may send before the bridge acknowledged them: the
 *     bound on messages in flight between the broker and Kafka
 * @param maxPayload largest payload the bridge forwards; a larger one is dead-lettered
 * @param protocol the MQTT version to speak
 * @param trustStore trust store (PKCS12 or JKS) with the certificates that sign the broker's, for
 *     {@code ssl://}; empty means the JVM's default trust store
 * @param trustStorePassword password of the trust store, masked when printed
 */
public record MqttSettings(
    Optional<URI> url,
    Optional<String> username,
    Optional<Secret> password,
    Optional<String> clientId,
    Duration sessionExpiry,
    int receiveMaximum,
    long maxPayload,
    Protocol protocol,
    Optional<Path> trustStore,
    Optional<Secret> trustStorePassword) {

  /** The MQTT protocol version the bridge speaks. */
  public enum Protocol {
    /** MQTT 5, or MQTT 3.1.1 when the broker does not speak 5. */
    AUTO,
    /** MQTT 5 only. */
    MQTT5,
    /** MQTT 3.1.1 only. */
    MQTT3
  }

  /** The user of the embedded broker of {@code cornjacket dev} when none is configured. */
  public static final String DEV_USERNAME = "cornjacket";

  /** The password of the embedded broker of {@code cornjacket dev} when none is configured. */
  public static final String DEV_PASSWORD = "cornjacket-dev";

  /** The longest session expiry MQTT can express (2^32 - 1 seconds). */
  static final long MAX_SESSION_EXPIRY_SECONDS = 4_294_967_295L;

  /**
   * The largest payload limit: what is forwarded or dead-lettered must fit into one Kafka record
   * under the broker's default limit of 1 MiB, envelope and headers included.
   */
  static final long MAX_PAYLOAD_LIMIT = 900L * 1024;

  public static final Setting<URI> URL =
      Setting.of(
          "CORNJACKET_MQTT_URL",
          ValueType.uri("tcp", "ssl"),
          null,
          "MQTT broker (tcp://host:port or ssl://host:port); unset in dev mode starts the embedded one");
  public static final Setting<String> USERNAME =
      Setting.of(
          "CORNJACKET_MQTT_USERNAME",
          ValueType.string(),
          null,
          "MQTT user name; unset in dev mode means '" + DEV_USERNAME + "' on the embedded broker");
  public static final Setting<Secret> PASSWORD =
      Setting.secret(
          "CORNJACKET_MQTT_PASSWORD",
          Secret.type(),
          "MQTT password; unset in dev mode means '" + DEV_PASSWORD + "' on the embedded broker");
  public static final Setting<String> CLIENT_ID =
      Setting.of(
          "CORNJACKET_MQTT_CLIENT_ID",
          ValueType.string(),
          null,
          "MQTT client id of the bridge, stable per instance (it names the session); unset means"
              + " cornjacket-HOSTNAME");
  public static final Setting<Duration> SESSION_EXPIRY =
      Setting.of(
          "CORNJACKET_MQTT_SESSION_EXPIRY",
          ValueType.duration(),
          "1h",
          "How long the broker keeps the bridge's session and unacknowledged messages while it is"
              + " away");
  public static final Setting<Integer> RECEIVE_MAXIMUM =
      Setting.of(
          "CORNJACKET_MQTT_RECEIVE_MAXIMUM",
          ValueType.intRange(1, 65_535),
          "1000",
          "Most messages in flight between the broker and Kafka (not yet acknowledged)");
  public static final Setting<Long> MAX_PAYLOAD =
      Setting.of(
          "CORNJACKET_MQTT_MAX_PAYLOAD",
          ValueType.byteSize(),
          "256KiB",
          "Largest MQTT payload forwarded (at most 900KiB); a larger one is dead-lettered");
  public static final Setting<Protocol> PROTOCOL =
      Setting.of(
          "CORNJACKET_MQTT_PROTOCOL",
          ValueType.oneOf(Protocol.class),
          "auto",
          "MQTT version: mqtt5, mqtt3 (3.1.1), or auto (5, falling back to 3.1.1)");
  public static final Setting<Path> TRUST_STORE =
      Setting.of(
          "CORNJACKET_MQTT_TRUST_STORE",
          ValueType.path(),
          null,
          "Trust store (PKCS12 or JKS) for ssl:// brokers; unset means the JVM's default");
  public static final Setting<Secret> TRUST_STORE_PASSWORD =
      Setting.secret(
          "CORNJACKET_MQTT_TRUST_STORE_PASSWORD", Secret.type(), "Password of the trust store");

  /** The same settings, pointed at the given broker (the embedded one in dev mode). */
  public MqttSettings withUrl(URI brokerUrl) {
    return new MqttSettings(
        Optional.of(brokerUrl),
        username,
        password,
        clientId,
        sessionExpiry,
        receiveMaximum,
        maxPayload,
        protocol,
        trustStore,
        trustStorePassword);
  }

  /**
   * The same settings with the given user and password where none is configured: the embedded
   * broker of {@code cornjacket dev} always requires one.
   */
  public MqttSettings withCredentialsIfUnset(String user, Secret secret) {
    return new MqttSettings(
        url,
        username.or(() -> Optional.of(user)),
        password.or(() -> Optional.of(secret)),
        clientId,
        sessionExpiry,
        receiveMaximum,
        maxPayload,
        protocol,
        trustStore,
        trustStorePassword);
  }

  static final List<Setting<?>> SETTINGS =
      List.of(
          URL,
          USERNAME,
          PASSWORD,
          CLIENT_ID,
          SESSION_EXPIRY,
          RECEIVE_MAXIMUM,
          MAX_PAYLOAD,
          PROTOCOL,
          TRUST_STORE,
          TRUST_STORE_PASSWORD);

  static MqttSettings read(SettingsReader r) {
    Duration sessionExpiry = r.get(SESSION_EXPIRY);
    if (sessionExpiry != null
        && (sessionExpiry.toSeconds() < 1
            || sessionExpiry.toSeconds() > MAX_SESSION_EXPIRY_SECONDS)) {
      r.problem(
          SESSION_EXPIRY.env()
              + ": must be between 1s and "
              + MAX_SESSION_EXPIRY_SECONDS
              + " seconds (without a session, messages in flight are lost when the bridge"
              + " reconnects)");
    }
    Long maxPayload = r.get(MAX_PAYLOAD);
    if (maxPayload != null && (maxPayload < 1024 || maxPayload > MAX_PAYLOAD_LIMIT)) {
      r.problem(
          MAX_PAYLOAD.env()
              + ": must be between 1KiB and 900KiB (a record must fit Kafka's 1 MiB default)");
    }
    Integer receiveMaximum = r.get(RECEIVE_MAXIMUM);
    return new MqttSettings(
        r.optional(URL),
        r.optional(USERNAME),
        r.optional(PASSWORD),
        r.optional(CLIENT_ID),
        sessionExpiry,
        receiveMaximum == null ? 0 : receiveMaximum,
        maxPayload == null ? 0 : maxPayload,
        r.get(PROTOCOL),
        r.optional(TRUST_STORE),
        r.optional(TRUST_STORE_PASSWORD));
  }
}
