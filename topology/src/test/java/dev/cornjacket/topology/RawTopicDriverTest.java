package dev.cornjacket.topology;

import static dev.cornjacket.topology.TestEvents.NOW;
import static dev.cornjacket.topology.TestEvents.json;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.Test;

/**
 * The topic descriptors and the envelope serde inside real Kafka Streams: a pass-through from the
 * raw topic that reads each envelope's device id.
 */
class RawTopicDriverTest {

  private final Topics topics = new Topics("test.");

  @Test
  void shouldCarryEnvelopesThroughKafkaStreamsWithDescriptorSerdes() {
    Topic<String, RawEnvelope> raw = topics.raw();
    Topic<String, byte[]> output = topics.deadLetters();
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(raw.name(), Consumed.with(raw.keySerde(), raw.valueSerde()))
        .mapValues(envelope -> envelope.event().get("device_id").textValue().getBytes(UTF_8))
        .to(output.name(), Produced.with(output.keySerde(), output.valueSerde()));
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "raw-topic-driver-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");

    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config)) {
      TestInputTopic<String, RawEnvelope> input =
          driver.createInputTopic(
              raw.name(), raw.keySerde().serializer(), raw.valueSerde().serializer());
      TestOutputTopic<String, byte[]> deviceIds =
          driver.createOutputTopic(
              output.name(), output.keySerde().deserializer(), output.valueSerde().deserializer());

      input.pipeInput(
          "dev-1",
          RawEnvelope.of(json("{\"device_id\": \"dev-1\"}"), NOW, RawEnvelope.SOURCE_HTTP, "a"),
          NOW);

      assertThat(deviceIds.readKeyValuesToList())
          .extracting(record -> KeyValue.pair(record.key, new String(record.value, UTF_8)))
          .containsExactly(KeyValue.pair("dev-1", "dev-1"));
    }
  }
}
