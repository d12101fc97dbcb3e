package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 4: the exception handlers, set through {@link CornjacketTopology#streamsProperties},
 * dead-letter a poison record with its original bytes and origin, count it, and let the records
 * after it through. Each runs in a small topology that provokes its kind of failure.
 */
class DeadLetterHandlersTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final String IN = "test.in";
  private static final String OUT = "test.out";

  @TempDir Path stateDir;

  private final CountingTopologyMetrics metrics = new CountingTopologyMetrics();
  private final Topics topics = new Topics("test.");
  private final TopologyConfig config = TopologyConfig.defaults(topics).withMetrics(metrics);

  @Test
  void shouldDeadLetterRecordThatCannotBeDeserialized() {
    Topology topology = new Topology();
    topology.addSource(
        "read-events", Serdes.String().deserializer(), new EventSerde().deserializer(), IN);
    topology.addSink(
        "write-events",
        OUT,
        Serdes.String().serializer(),
        new EventSerde().serializer(),
        "read-events");
    byte[] poison = "{\"device_id\":42}".getBytes(UTF_8);
    byte[] valid =
        EventSerde.write(new Event("e", "dev-1", EventType.SYSTEM, T0, Map.of(), Map.of()));

    try (TopologyTestDriver driver = TopologyFixture.driver(topology, config, stateDir)) {
      TestInputTopic<String, byte[]> in = bytesInput(driver);
      in.pipeInput("dev-1", poison, T0);
      in.pipeInput("dev-1", valid, T0.plusMillis(1));

      assertThat(bytesOutput(driver, OUT).readValuesToList()).containsExactly(valid);
      TestRecord<String, byte[]> record = deadLetters(driver).readRecord();
      assertThat(record.key()).isEqualTo("dev-1");
      assertThat(record.value()).isEqualTo(poison);
      assertThat(record.timestamp()).isEqualTo(T0.toEpochMilli());
      DeadLetters.DeadLetter deadLetter = DeadLetters.read(record.headers(), record.value());
      assertThat(deadLetter.reason()).isEqualTo("deserialization_error");
      assertThat(deadLetter.stage()).isEqualTo("read-events");
      assertThat(deadLetter.source()).isEqualTo("unknown");
      assertThat(deadLetter.origin()).isEqualTo(IN + "/0/0");
      assertThat(deadLetter.message())
          .startsWith("org.apache.kafka.common.errors.SerializationException: Malformed event");
      assertThat(metrics.deadLettersByReason()).isEqualTo(Map.of("deserialization_error", 1L));
    }
  }

  /** Fails on the value "boom", passes everything else on. */
  private static final class Exploding implements Processor<String, String, String, String> {
    private ProcessorContext<String, String> context;

    @Override
    public void init(ProcessorContext<String, String> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, String> record) {
      if (record.value().equals("boom")) {
        throw new IllegalStateException("exploded on purpose");
      }
      context.forward(record);
    }
  }

  @Test
  void shouldDeadLetterSourceRecordWhenProcessorThrows() {
    Topology topology = new Topology();
    topology.addSource("read", Serdes.String().deserializer(), Serdes.String().deserializer(), IN);
    topology.addProcessor("explode", Exploding::new, "read");
    topology.addSink(
        "write", OUT, Serdes.String().serializer(), Serdes.String().serializer(), "explode");

    try (TopologyTestDriver driver = TopologyFixture.driver(topology, config, stateDir)) {
      TestInputTopic<String, byte[]> in = bytesInput(driver);
      in.pipeInput("dev-1", "one".getBytes(UTF_8), T0);
      in.pipeInput("dev-1", "boom".getBytes(UTF_8), T0.plusMillis(1));
      in.pipeInput("dev-1", "two".getBytes(UTF_8), T0.plusMillis(2));

      assertThat(bytesOutput(driver, OUT).readValuesToList())
          .extracting(value -> new String(value, UTF_8))
          .containsExactly("one", "two");
      List<TestRecord<String, byte[]>> records = deadLetters(driver).readRecordsToList();
      assertThat(records).hasSize(1);
      DeadLetters.DeadLetter deadLetter =
          DeadLetters.read(records.getFirst().headers(), records.getFirst().value());
      assertThat(records.getFirst().key()).isEqualTo("dev-1");
      assertThat(deadLetter.value()).isEqualTo("boom".getBytes(UTF_8));
      assertThat(deadLetter.reason()).isEqualTo("processing_error");
      assertThat(deadLetter.stage()).isEqualTo("explode");
      assertThat(deadLetter.origin()).isEqualTo(IN + "/0/1");
      assertThat(deadLetter.message())
          .isEqualTo("java.lang.IllegalStateException: exploded on purpose");
      assertThat(metrics.deadLettersByStage()).isEqualTo(Map.of("explode", 1L));
    }
  }

  @Test
  void shouldDeadLetterSourceRecordWhenOutputCannotBeSerialized() {
    Serializer<String> picky =
        (topic, value) -> {
          if (value.equals("unwritable")) {
            throw new SerializationException("cannot write this one");
          }
          return value.getBytes(UTF_8);
        };
    Topology topology = new Topology();
    topology.addSource("read", Serdes.String().deserializer(), Serdes.String().deserializer(), IN);
    topology.addSink("write", OUT, Serdes.String().serializer(), picky, "read");

    try (TopologyTestDriver driver = TopologyFixture.driver(topology, config, stateDir)) {
      TestInputTopic<String, byte[]> in = bytesInput(driver);
      in.pipeInput("dev-1", "unwritable".getBytes(UTF_8), T0);
      in.pipeInput("dev-1", "fine".getBytes(UTF_8), T0.plusMillis(1));

      assertThat(bytesOutput(driver, OUT).readValuesToList())
          .extracting(value -> new String(value, UTF_8))
          .containsExactly("fine");
      TestRecord<String, byte[]> record = deadLetters(driver).readRecord();
      DeadLetters.DeadLetter deadLetter = DeadLetters.read(record.headers(), record.value());
      assertThat(deadLetter.value()).isEqualTo("unwritable".getBytes(UTF_8));
      assertThat(deadLetter.reason()).isEqualTo("production_error");
      assertThat(deadLetter.stage()).isEqualTo("write");
      assertThat(deadLetter.origin()).isEqualTo(IN + "/0/0");
      assertThat(metrics.deadLetters()).isEqualTo(1);
    }
  }

  @Test
  void shouldRefuseToStartWithoutDeadLetterTopic() {
    DeadLetterHandlers.Processing handler = new DeadLetterHandlers.Processing();

    assertThatThrownBy(() -> handler.configure(Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
  }

  @Test
  void shouldRefuseMetricsOfWrongType() {
    DeadLetterHandlers.Production handler = new DeadLetterHandlers.Production();

    assertThatThrownBy(
            () ->
                handler.configure(
                    Map.of(
                        StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                        "dlq",
                        DeadLetterHandlers.METRICS_CONFIG,
                        "not metrics")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(DeadLetterHandlers.METRICS_CONFIG);
  }

  private static TestInputTopic<String, byte[]> bytesInput(TopologyTestDriver driver) {
    return driver.createInputTopic(
        IN, Serdes.String().serializer(), Serdes.ByteArray().serializer());
  }

  private static TestOutputTopic<String, byte[]> bytesOutput(
      TopologyTestDriver driver, String topic) {
    return driver.createOutputTopic(
        topic, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  private TestOutputTopic<String, byte[]> deadLetters(TopologyTestDriver driver) {
    return bytesOutput(driver, topics.deadLetters().name());
  }
}
