package dev.cornjacket.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.TopologyConfig;
import dev.cornjacket.topology.ValidationLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StreamsRoleTest {

  /**
   * Kafka 4 topics refuse timestamps more than an hour ahead by default; the topology writes
   * records with the event's ts, which the validator lets be up to 24 h ahead. Without this, one
   * such event failed every transaction of its task (found by the chaos suite's fuzzer).
   */
  @Test
  void shouldLetInternalTopicsTakeTimestampsAsFarAheadAsTheValidatorAllows() {
    ValidationLimits limits = ValidationLimits.DEFAULTS;

    Properties properties = defaultStreamsProperties();

    assertThat(
            properties.get(
                StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG)))
        .isEqualTo(Duration.ofHours(25).toMillis());
    assertThat(limits.topicTimestampAfterMax()).isGreaterThan(limits.maxFutureSkew());
  }

  /** The streams' producer gets the large lz4 batches the model changelogs need. */
  @Test
  void shouldGiveTheStreamsProducerLargeCompressedBatches() {
    Map<String, Object> producer =
        new StreamsConfig(defaultStreamsProperties())
            .getProducerConfigs("cornjacket-test-producer");

    assertThat(producer.get(ProducerConfig.BATCH_SIZE_CONFIG))
        .isEqualTo(StreamsRole.PRODUCER_BATCH_BYTES);
    assertThat(producer.get(ProducerConfig.COMPRESSION_TYPE_CONFIG)).isEqualTo("lz4");
  }

  /** The streams' properties of a default configuration, as the streams role starts them. */
  private static Properties defaultStreamsProperties() {
    CornjacketConfig config =
        ConfigLoader.load(Map.of("CORNJACKET_KAFKA_BOOTSTRAP", "localhost:9"), Optional.empty())
            .config();
    TopologyConfig topology =
        new TopologyConfig(
            new Topics("cj."),
            ValidationLimits.DEFAULTS,
            Duration.ofMinutes(10),
            new MicrometerTopologyMetrics(new SimpleMeterRegistry()),
            TopologyConfig.StoreKind.IN_MEMORY,
            config.anomaly(),
            StreamsRole.projections(config));
    return StreamsRole.properties(config, "localhost:8080", topology);
  }

  @Test
  void shouldLeaveOutTheGaugesReadFromRocksDbPropertiesOnly() {
    MeterRegistry registry = new SimpleMeterRegistry();
    registry.config().meterFilter(StreamsRole.ROCKSDB_PROPERTY_METERS);
    registry.gauge(
        "kafka.stream.state.cur.size.all.mem.tables",
        Tags.of("rocksdb.state.id", "anomaly-models", "task.id", "0_0"),
        1.0);
    registry.gauge(
        "kafka.stream.state.estimate.num.keys",
        Tags.of("rocksdb.window.state.id", "dedup-ids", "task.id", "0_0"),
        1.0);
    registry.gauge("kafka.stream.state.put.rate", Tags.of("state.id", "anomaly-models"), 1.0);
    registry.gauge("kafka.stream.thread.process.rate", Tags.of("thread.id", "t-1"), 1.0);

    assertThat(registry.getMeters())
        .extracting(meter -> meter.getId().getName())
        .containsExactlyInAnyOrder(
            "kafka.stream.state.put.rate", "kafka.stream.thread.process.rate");
  }
}
