package dev.cornjacket.topology;

import dev.cornjacket.topology.alert.Alert;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.anomaly.DetectorParameters;
import dev.cornjacket.topology.internal.Texts;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceRollup;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every Kafka topic of Cornjacket (DESIGN.md "Topics"), named by one configurable prefix: the only
 * place topic names are spelled.
 *
 * <p>All topics are keyed by {@code device_id} as a UTF-8 string; the dead-letter key may be {@code
 * null} when the device is unknown. The per-type topics carry validated events as compact JSON
 * ({@link EventSerde}).
 *
 * <p>Two registries with the same prefix are equal.
 */
public final class Topics {

  /** The prefix of production topic names. */
  public static final String DEFAULT_PREFIX = "cj.";

  private static final String RAW = "events.raw";
  private static final String DEAD_LETTERS = "events.dlq";
  private static final String SENSOR = "events.sensor";
  private static final String USER_ACTION = "events.user_action";
  private static final String SYSTEM = "events.system";
  private static final String ANOMALIES = "anomalies";
  private static final String ALERTS = "alerts";
  private static final String DEVICE_LATEST = "proj.device_latest";
  private static final String ROLLUPS_1M = "proj.rollups_1m";
  private static final String MODELS = "models";
  private static final String DLQ_REPLAYS = "dlq.replays";

  /** Longest prefix that keeps every name within Kafka's limit. */
  public static final int MAX_PREFIX_LENGTH =
      Topic.MAX_NAME_LENGTH
          - List.of(RAW, DEAD_LETTERS, SENSOR, USER_ACTION, SYSTEM, DEVICE_LATEST, ROLLUPS_1M)
              .stream()
              .mapToInt(String::length)
              .max()
              .orElseThrow();

  private final String prefix;
  private final Topic<String, RawEnvelope> raw;
  private final Topic<String, byte[]> deadLetters;
  private final Topic<String, Event> sensor;
  private final Topic<String, Event> userAction;
  private final Topic<String, Event> system;
  private final Topic<String, Anomaly> anomalies;
  private final Topic<String, Alert> alerts;
  private final Topic<String, DeviceLatest> deviceLatest;
  private final Topic<String, DeviceRollup> rollups1m;
  private final Topic<String, DetectorParameters> models;
  private final Topic<String, String> dlqReplays;

  /** The topics with the {@value #DEFAULT_PREFIX} prefix. */
  public Topics() {
    this(DEFAULT_PREFIX);
  }

  /**
   * @param prefix put before every name, for example {@code cj.} or {@code test-42.cj.}; may be
   *     empty
   * @throws IllegalArgumentException when the prefix has characters Kafka does not allow in topic
   *     names or is longer than {@link #MAX_PREFIX_LENGTH}
   */
  public Topics(String prefix) {
    this.prefix = checkPrefix(prefix);
    this.raw = new Topic<>(prefix + RAW, Serdes.String(), new RawEnvelopeSerde());
    this.deadLetters = new Topic<>(prefix + DEAD_LETTERS, Serdes.String(), Serdes.ByteArray());
    this.sensor = eventTopic(SENSOR);
    this.userAction = eventTopic(USER_ACTION);
    this.system = eventTopic(SYSTEM);
    this.anomalies = new Topic<>(prefix + ANOMALIES, Serdes.String(), JsonSerde.of(Anomaly.class));
    this.alerts = new Topic<>(prefix + ALERTS, Serdes.String(), JsonSerde.of(Alert.class));
    this.deviceLatest =
        new Topic<>(prefix + DEVICE_LATEST, Serdes.String(), JsonSerde.of(DeviceLatest.class));
    this.rollups1m =
        new Topic<>(prefix + ROLLUPS_1M, Serdes.String(), JsonSerde.of(DeviceRollup.class));
    this.models =
        new Topic<>(prefix + MODELS, Serdes.String(), JsonSerde.of(DetectorParameters.class));
    this.dlqReplays = new Topic<>(prefix + DLQ_REPLAYS, Serdes.String(), Serdes.String());
  }

  public String prefix() {
    return prefix;
  }

  /** Events as received by the front ends; written only by them. */
  public Topic<String, RawEnvelope> raw() {
    return raw;
  }

  /**
   * Records that could not be processed: the original bytes, with the reason in headers (DESIGN.md
   * "Dead letters").
   */
  public Topic<String, byte[]> deadLetters() {
    return deadLetters;
  }

  /** Validated, de-duplicated {@code sensor} events. */
  public Topic<String, Event> sensor() {
    return sensor;
  }

  /** Validated, de-duplicated {@code user_action} events. */
  public Topic<String, Event> userAction() {
    return userAction;
  }

  /** Validated, de-duplicated {@code system} events. */
  public Topic<String, Event> system() {
    return system;
  }

  /** Scored readings over the anomaly threshold. */
  public Topic<String, Anomaly> anomalies() {
    return anomalies;
  }

  /**
   * Anomalies after alert de-duplication: one {@code raised} alert per device, alert type and
   * window, and a {@code summary} when repeats were suppressed; the input of the webhook
   * dispatcher.
   */
  public Topic<String, Alert> alerts() {
    return alerts;
  }

  /** Snapshots of each device's latest state, for the sinks. */
  public Topic<String, DeviceLatest> deviceLatest() {
    return deviceLatest;
  }

  /**
   * Updates of 1-minute windows, one record per device and window with all its metrics, for the
   * sinks.
   */
  public Topic<String, DeviceRollup> rollups1m() {
    return rollups1m;
  }

  /**
   * The anomaly detectors' parameters and versions, key the model name; compacted (the latest
   * parameters of each model are kept forever), read by every instance as a global store.
   */
  public Topic<String, DetectorParameters> models() {
    return models;
  }

  /**
   * Which dead letters were replayed, key their coordinates {@code topic/partition/offset} in the
   * dead-letter topic, value a small JSON object (when, how many); compacted, so a replay is
   * remembered as long as the dead letter can exist and a second replay skips it.
   */
  public Topic<String, String> dlqReplays() {
    return dlqReplays;
  }

  /** The topics that must be created compacted rather than with a retention time. */
  public List<Topic<?, ?>> compacted() {
    return List.of(models, dlqReplays);
  }

  /** The output topic of events of {@code type}. */
  public Topic<String, Event> byType(EventType type) {
    Objects.requireNonNull(type, "type");
    return switch (type) {
      case SENSOR -> sensor;
      case USER_ACTION -> userAction;
      case SYSTEM -> system;
    };
  }

  /** Every topic, for example to create the missing ones at start-up. */
  public List<Topic<?, ?>> all() {
    return List.of(
        raw,
        deadLetters,
        sensor,
        userAction,
        system,
        anomalies,
        alerts,
        deviceLatest,
        rollups1m,
        models,
        dlqReplays);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Topics that && prefix.equals(that.prefix);
  }

  @Override
  public int hashCode() {
    return prefix.hashCode();
  }

  @Override
  public String toString() {
    return "Topics[prefix=" + prefix + "]";
  }

  private Topic<String, Event> eventTopic(String suffix) {
    return new Topic<>(prefix + suffix, Serdes.String(), new EventSerde());
  }

  private static String checkPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (!Topic.LEGAL_CHARACTERS.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "prefix must consist of [a-zA-Z0-9._-], got '"
              + Texts.printable(prefix, Topic.MAX_NAME_LENGTH)
              + "'");
    }
    if (prefix.length() > MAX_PREFIX_LENGTH) {
      throw new IllegalArgumentException(
          "prefix must have at most "
              + MAX_PREFIX_LENGTH
              + " characters so that topic names stay within "
              + Topic.MAX_NAME_LENGTH
              + ", got "
              + prefix.length());
    }
    return prefix;
  }
}
