package dev.cornjacket.topology.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.topology.CornjacketTopology;
import dev.cornjacket.topology.CountingTopologyMetrics;
import dev.cornjacket.topology.EventFields;
import dev.cornjacket.topology.EventJson;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.RawEnvelope;
import dev.cornjacket.topology.RawEnvelopeSerde;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.TopologyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Feeds a file through the real topology ({@link CornjacketTopology#build}) in a {@link
 * TopologyTestDriver}: no broker, no database. Each record enters with its event time as record
 * timestamp and the event time as {@code received_at} too, so that old data (the NAB files from
 * 2014) is judged as it was when it happened. Everything that comes out, routed events and dead
 * letters with their reasons, is written in input order.
 */
public final class Replay {

  /** Progress of a running replay, reported about once a second. */
  public record Progress(long records, double recordsPerSecond) {}

  private static final String SOURCE = "replay";
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

  private final Topics topics = new Topics();

  /**
   * Replays {@code options.input()} and writes the results.
   *
   * @param progress called about once a second while the replay runs
   */
  public static ReplaySummary run(ReplayOptions options, Consumer<Progress> progress)
      throws IOException {
    return new Replay().replay(options, progress);
  }

  private ReplaySummary replay(ReplayOptions options, Consumer<Progress> progress)
      throws IOException {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(progress, "progress");
    CountingTopologyMetrics metrics = new CountingTopologyMetrics();
    // In-memory stores: the test driver commits after every record, and a disk flush per record
    // would make a replay a hundred times slower.
    TopologyConfig config =
        TopologyConfig.defaults(topics)
            .withMetrics(metrics)
            .withStores(TopologyConfig.StoreKind.IN_MEMORY);
    Path stateDir = Files.createTempDirectory("cornjacket-replay-");
    long started = System.nanoTime();
    long records = 0;
    try (ReplayInput input = ReplayInput.open(options);
        ReplayOutput output = ReplayOutput.open(options);
        TopologyTestDriver driver =
            new TopologyTestDriver(
                CornjacketTopology.build(config), properties(config, stateDir))) {
      TestInputTopic<String, byte[]> raw =
          driver.createInputTopic(
              topics.raw().name(), new StringSerializer(), new ByteArraySerializer());
      List<TestOutputTopic<String, byte[]>> outputs = outputTopics(driver);
      TestOutputTopic<String, byte[]> deadLetters =
          driver.createOutputTopic(
              topics.deadLetters().name(), new StringDeserializer(), new ByteArrayDeserializer());
      long nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
      for (ReplayInput.Line line = input.next(); line != null; line = input.next()) {
        TestRecord<String, byte[]> record = toRecord(line);
        if (options.deviceId().isPresent() && !options.deviceId().get().equals(record.key())) {
          continue; // --device: only that device's events (by the parsed device_id)
        }
        raw.pipeInput(record);
        records++;
        for (TestOutputTopic<String, byte[]> routed : outputs) {
          for (TestRecord<String, byte[]> r : routed.readRecordsToList()) {
            output.routed(routedTopicName(outputs.indexOf(routed)), r);
          }
        }
        for (TestRecord<String, byte[]> r : deadLetters.readRecordsToList()) {
          output.deadLetter(topics.deadLetters().name(), r);
        }
        if (System.nanoTime() > nextProgress) {
          progress.accept(new Progress(records, rate(records, started)));
          nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
        }
      }
    } finally {
      deleteRecursively(stateDir);
    }
    return new ReplaySummary(
        records,
        metrics.routed(),
        metrics.duplicates(),
        metrics.deadLettersByReason(),
        Duration.ofNanos(System.nanoTime() - started));
  }

  private List<TestOutputTopic<String, byte[]>> outputTopics(TopologyTestDriver driver) {
    List<TestOutputTopic<String, byte[]>> outputs = new ArrayList<>();
    for (EventType type : EventType.values()) {
      outputs.add(
          driver.createOutputTopic(
              topics.byType(type).name(), new StringDeserializer(), new ByteArrayDeserializer()));
    }
    return outputs;
  }

  private String routedTopicName(int index) {
    return topics.byType(EventType.values()[index]).name();
  }

  /**
   * The raw record for one input line: the event bytes as read (with an {@code event_id} from the
   * line number when it has none) in an envelope received at the event's own time.
   */
  static TestRecord<String, byte[]> toRecord(ReplayInput.Line line) {
    byte[] json = line.json();
    Instant eventTime = null;
    String deviceId = null;
    try {
      JsonNode node = EventJson.readTree(json);
      if (node instanceof ObjectNode event) {
        eventTime = EventTimes.parse(event.get(EventFields.TS)).orElse(null);
        JsonNode device = event.get(EventFields.DEVICE_ID);
        deviceId = device != null && device.isTextual() ? device.textValue() : null;
        if (!RawEnvelope.hasEventId(event)) {
          json = RawEnvelope.insertEventId(json, line.defaultEventId());
        }
      }
    } catch (JsonProcessingException e) {
      // left as it is: the topology dead-letters it with the parser's reason
    }
    Instant time = eventTime != null ? eventTime : line.fallbackTime();
    byte[] envelope = RawEnvelopeSerde.encode(json, time, SOURCE, SOURCE);
    return new TestRecord<>(deviceId, envelope, null, time);
  }

  static Properties properties(TopologyConfig config, Path stateDir) {
    Properties properties = new Properties();
    properties.putAll(CornjacketTopology.streamsProperties(config));
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "cornjacket-replay");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
    properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return properties;
  }

  private static double rate(long records, long startedNanos) {
    return records / Math.max(1e-9, (System.nanoTime() - startedNanos) / 1e9);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the replay state in " + dir, e);
    }
  }
}
