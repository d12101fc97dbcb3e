package dev.cornjacket.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.topology.Topics;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Upgrading from the one-value-per-metric rollup store: an instance whose state directory and
 * changelog topic still hold the former {@code rollup-1m} store (format 1 values) starts, runs and
 * answers rollups from its new store.
 */
@ExtendWith(SharedKafka.class)
@Timeout(180)
class RollupStoreUpgradeIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String FORMER_STORE = "rollup-1m";

  @Test
  void shouldStartOnTheFormerRollupStoresStateAndAnswerFromTheNewStore(
      KafkaFixture kafka, @TempDir Path dataDir) throws Exception {
    String prefix = kafka.uniquePrefix();
    String applicationId = "upgrade-" + prefix.replace(".", "");
    Topics topics = new Topics(prefix);
    kafka.createTopics(2, topics.raw().name());
    Instant window = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.MINUTES);

    // What the previous version left behind: its rollup store on disk (with its checkpoint) and
    // its changelog topic, both holding format 1 values.
    leaveFormerRollupStore(kafka, applicationId, topics, dataDir, window);
    assertThat(
            TopicReader.readToEnd(
                kafka.bootstrapServers(),
                applicationId + "-" + FORMER_STORE + "-changelog",
                Duration.ofSeconds(30)))
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.value()[0]).isEqualTo((byte) 1));
    try (Stream<Path> files = Files.walk(dataDir.resolve("streams"))) {
      assertThat(files.filter(p -> p.getFileName().toString().equals(FORMER_STORE))).isNotEmpty();
    }

    CornjacketConfig config = config(kafka, prefix, applicationId, dataDir);
    try (Platform platform = Platform.start(config)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> platform.streamsState().orElseThrow() == KafkaStreams.State.RUNNING);

      post(
          platform,
          """
          {"event_id":"u-1","device_id":"dev-1","type":"sensor","ts":"%s","metrics":{"temp":20,"hum":40}}
          {"event_id":"u-2","device_id":"dev-1","type":"sensor","ts":"%s","metrics":{"temp":22}}"""
              .formatted(window.plusSeconds(1), window.plusSeconds(2)));

      // the windows start afresh in the new store: the former store's readings are not in them
      URI rollups =
          URI.create(
              "http://localhost:"
                  + platform.httpPort()
                  + "/api/v1/devices/dev-1/rollups?from="
                  + window);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                HttpResponse<String> response = get(rollups);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(JSON.readTree(response.body()).get("rollups"))
                    .extracting(w -> w.get("metric").asText() + " " + w.get("count").asLong())
                    .containsExactly("hum 1", "temp 2");
              });
      assertThat(platform.streamsState()).contains(KafkaStreams.State.RUNNING);
    }
  }

  /**
   * Runs a topology of the same application with the former store, {@value #FORMER_STORE} (a
   * persistent window store keyed {@code device_id/metric}), writes format 1 values into it and
   * stops cleanly, as the previous version did.
   */
  private static void leaveFormerRollupStore(
      KafkaFixture kafka, String applicationId, Topics topics, Path dataDir, Instant window)
      throws Exception {
    Topology former = new Topology();
    former.addSource(
        "read-raw",
        Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer(),
        topics.raw().name());
    former.addProcessor("project-rollups", FormerRollupProjection::new, "read-raw");
    former.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                FORMER_STORE, Duration.ofHours(24), Duration.ofMinutes(1), false),
            Serdes.String(),
            Serdes.ByteArray()),
        "project-rollups");
    Properties properties = new Properties();
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
    properties.put(
        StreamsConfig.STATE_DIR_CONFIG, dataDir.resolve("streams").toAbsolutePath().toString());
    try (KafkaStreams streams = new KafkaStreams(former, properties)) {
      streams.start();
      try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
        for (String device : new String[] {"dev-1", "dev-2"}) {
          producer.send(
              new ProducerRecord<>(
                  topics.raw().name(),
                  null,
                  window.plusSeconds(1).toEpochMilli(),
                  device,
                  new byte[0]));
        }
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  TopicReader.readToEnd(
                              kafka.bootstrapServers(),
                              applicationId + "-" + FORMER_STORE + "-changelog",
                              Duration.ofSeconds(10))
                          .size()
                      == 2);
      // leaving the group spares the new instance the wait for this member's session to expire
      streams.close(
          CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(Duration.ofSeconds(30)));
    }
  }

  /** The former projection's store writes: one format 1 value per device and metric. */
  private static final class FormerRollupProjection
      implements Processor<String, byte[], Void, Void> {

    private WindowStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(FORMER_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
      long windowStart = record.timestamp() - Math.floorMod(record.timestamp(), 60_000L);
      store.put(record.key() + "/temp", format1(record.key(), "temp", windowStart), windowStart);
    }
  }

  /** One metric's window as the former store's format 1 wrote it: 7 readings of 5. */
  private static byte[] format1(String device, String metric, long windowStart) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeUTF(device);
      out.writeUTF(metric);
      out.writeLong(Math.floorDiv(windowStart, 1000L));
      out.writeInt(0);
      out.writeLong(Math.floorDiv(windowStart, 1000L) + 60);
      out.writeInt(0);
      out.writeLong(7);
      out.writeDouble(5);
      out.writeDouble(5);
      out.writeDouble(35);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static CornjacketConfig config(
      KafkaFixture kafka, String prefix, String applicationId, Path dataDir) {
    return ConfigLoader.load(
            Map.of(
                "CORNJACKET_KAFKA_BOOTSTRAP",
                kafka.bootstrapServers(),
                "CORNJACKET_KAFKA_TOPIC_PREFIX",
                prefix,
                "CORNJACKET_KAFKA_PARTITIONS",
                "2",
                "CORNJACKET_HTTP_PORT",
                "0",
                "CORNJACKET_ROLES",
                "ingest,streams",
                "CORNJACKET_DATA_DIR",
                dataDir.toString(),
                "CORNJACKET_STREAMS_APPLICATION_ID",
                applicationId,
                "CORNJACKET_STREAMS_COMMIT_INTERVAL",
                "100ms",
                "CORNJACKET_STREAMS_STANDBY_REPLICAS",
                "0"),
            Optional.empty())
        .config();
  }

  private static KafkaProducer<String, byte[]> producer(KafkaFixture kafka) {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  private static void post(Platform platform, String ndjson) throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + platform.httpPort() + "/api/v1/events"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }
}
