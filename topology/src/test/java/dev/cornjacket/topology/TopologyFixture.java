package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cornjacket.config.StreamsSettings.RollupEmit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole topology in a {@link TopologyTestDriver}, with the properties the application sets
 * ({@link CornjacketTopology#streamsProperties}) and typed access to its topics. Close it.
 */
final class TopologyFixture implements AutoCloseable {

  /** The driver's wall clock: the time in {@code cj.dlq.time} of validation dead letters. */
  static final Instant WALL_CLOCK = Instant.parse("2026-11-22T12:00:00Z");

  static final String SOURCE = RawEnvelope.SOURCE_HTTP;
  static final String PRINCIPAL = "gateway-7";

  final Topics topics = new Topics("test.");
  final CountingTopologyMetrics metrics = new CountingTopologyMetrics();
  final TopologyConfig config;
  final TopologyTestDriver driver;
  final TestInputTopic<String, byte[]> raw;
  final TestOutputTopic<String, byte[]> deadLetters;
  final TestOutputTopic<String, Event> sensor;
  final TestOutputTopic<String, Event> userAction;
  final TestOutputTopic<String, Event> system;

  TopologyFixture(Path stateDir) {
    this(stateDir, config -> config);
  }

  TopologyFixture(Path stateDir, java.util.function.UnaryOperator<TopologyConfig> adjust) {
    config = adjust.apply(TopologyConfig.defaults(topics).withMetrics(metrics));
    driver =
        new TopologyTestDriver(
            CornjacketTopology.build(config), properties(config, stateDir), WALL_CLOCK);
    raw =
        driver.createInputTopic(
            topics.raw().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    deadLetters = output(topics.deadLetters());
    sensor = output(topics.sensor());
    userAction = output(topics.userAction());
    system = output(topics.system());
  }

  /**
   * The topology with 30 s of grace for late rollup readings, forwarding rollups by {@code emit}
   * and each device's snapshot at most every {@code latestInterval} (zero: after every event).
   */
  static TopologyFixture withRollupGraceOf30s(
      Path stateDir, RollupEmit emit, Duration latestInterval) {
    return new TopologyFixture(
        stateDir,
        config ->
            config.withProjections(
                ProjectionConfig.DEFAULTS
                    .withRollupGrace(Duration.ofSeconds(30))
                    .withRollupEmit(emit)
                    .withLatestInterval(latestInterval)));
  }

  static Properties properties(TopologyConfig config, Path stateDir) {
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    properties.putAll(CornjacketTopology.streamsProperties(config));
    return properties;
  }

  static TopologyTestDriver driver(Topology topology, TopologyConfig config, Path stateDir) {
    return new TopologyTestDriver(topology, properties(config, stateDir), WALL_CLOCK);
  }

  <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  /**
   * Pipes the envelope of {@code eventJson}, received at {@code receivedAt}, keyed by {@code key}.
   */
  void send(String key, String eventJson, Instant receivedAt) {
    raw.pipeInput(key, envelope(eventJson, receivedAt), receivedAt);
  }

  static byte[] envelope(String eventJson, Instant receivedAt) {
    return RawEnvelopeSerde.encode(eventJson.getBytes(UTF_8), receivedAt, SOURCE, PRINCIPAL);
  }

  /** Every dead letter so far, read with {@link DeadLetters#read}. */
  List<DeadLetters.DeadLetter> readDeadLetters() {
    return deadLetters.readRecordsToList().stream()
        .map(record -> DeadLetters.read(record.headers(), record.value()))
        .toList();
  }

  List<TestRecord<String, byte[]>> readDeadLetterRecords() {
    return deadLetters.readRecordsToList();
  }

  /** A sensor event of {@code device} with {@code id} at {@code ts}. */
  static String sensorEvent(String device, String id, Instant ts) {
    return """
        {"event_id":"%s","device_id":"%s","type":"sensor","ts":"%s","metrics":{"temperature":21.5}}"""
        .formatted(id, device, ts);
  }

  @Override
  public void close() {
    driver.close();
  }
}
