package dev.cornjacket.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How Cornjacket reaches the Kafka-API broker and shapes its topics.
 *
 * @param bootstrap broker addresses; empty means "start the embedded broker" in dev mode
 * @param topicPrefix prefix of every topic name
 * @param partitions partitions of every topic Cornjacket creates
 * @param replicationFactor replication factor of every topic Cornjacket creates
 * @param retention retention of every topic Cornjacket creates
 * @param produceTimeout the longest a front end waits for the broker's acknowledgement before it
 *     answers 503
 * @param producerBuffer memory for records waiting to be sent; when full, ingest answers 429
 * @param linger how long the producer waits to fill a batch
 */
public record KafkaSettings(
    Optional<String> bootstrap,
    String topicPrefix,
    int partitions,
    short replicationFactor,
    Duration retention,
    Duration produceTimeout,
    long producerBuffer,
    Duration linger) {

  public static final Setting<String> BOOTSTRAP =
      Setting.of(
          "CORNJACKET_KAFKA_BOOTSTRAP",
          ValueType.hostPortList(),
          null,
          "Kafka bootstrap servers (host:port,...); unset in dev mode starts the embedded broker");
  public static final Setting<String> TOPIC_PREFIX =
      Setting.of(
          "CORNJACKET_KAFKA_TOPIC_PREFIX", ValueType.string(), "cj.", "Prefix of every topic name");
  public static final Setting<Integer> PARTITIONS =
      Setting.of(
          "CORNJACKET_KAFKA_PARTITIONS",
          ValueType.intRange(1, 10_000),
          "6",
          "Partitions of the topics Cornjacket creates (the unit of parallelism)");
  public static final Setting<Integer> REPLICATION_FACTOR =
      Setting.of(
          "CORNJACKET_KAFKA_REPLICATION_FACTOR",
          ValueType.intRange(1, 32),
          "1",
          "Replication factor of the topics Cornjacket creates (3 in production)");
  public static final Setting<Duration> RETENTION =
      Setting.of(
          "CORNJACKET_KAFKA_RETENTION",
          ValueType.duration(),
          "24h",
          "Retention of the topics Cornjacket creates");
  public static final Setting<Duration> PRODUCE_TIMEOUT =
      Setting.of(
          "CORNJACKET_KAFKA_PRODUCE_TIMEOUT",
          ValueType.duration(),
          "10s",
          "Longest wait for the broker's acknowledgement before ingest answers 503");
  public static final Setting<Long> PRODUCER_BUFFER =
      Setting.of(
          "CORNJACKET_KAFKA_PRODUCER_BUFFER",
          ValueType.byteSize(),
          "64MiB",
          "Producer memory for unsent records; when it is full ingest answers 429");
  public static final Setting<Duration> LINGER =
      Setting.of(
          "CORNJACKET_KAFKA_LINGER",
          ValueType.duration(),
          "5ms",
          "How long the producer waits to fill a batch");

  /** The same settings, pointed at the given broker (the embedded one in dev mode). */
  public KafkaSettings withBootstrap(String servers) {
    return new KafkaSettings(
        Optional.of(servers),
        topicPrefix,
        partitions,
        replicationFactor,
        retention,
        produceTimeout,
        producerBuffer,
        linger);
  }

  static final List<Setting<?>> SETTINGS =
      List.of(
          BOOTSTRAP,
          TOPIC_PREFIX,
          PARTITIONS,
          REPLICATION_FACTOR,
          RETENTION,
          PRODUCE_TIMEOUT,
          PRODUCER_BUFFER,
          LINGER);

  static KafkaSettings read(SettingsReader r) {
    Integer replication = r.get(REPLICATION_FACTOR);
    Duration produceTimeout = r.get(PRODUCE_TIMEOUT);
    if (produceTimeout != null && produceTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      r.problem(PRODUCE_TIMEOUT.env() + ": must be at least 1s (the broker needs time to ack)");
    }
    return new KafkaSettings(
        r.optional(BOOTSTRAP),
        r.get(TOPIC_PREFIX),
        orZero(r.get(PARTITIONS)),
        (short) orZero(replication),
        r.get(RETENTION),
        produceTimeout,
        r.get(PRODUCER_BUFFER) == null ? 0 : r.get(PRODUCER_BUFFER),
        r.get(LINGER));
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
