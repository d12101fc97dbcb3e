package dev.cornjacket.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.topology.DeadLetters;
import dev.cornjacket.topology.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on the real broker with exactly-once on: HTTP in, topology, routed topics and dead
 * letters out, counted to the last record with {@code read_committed}.
 */
@ExtendWith(SharedKafka.class)
@Timeout(240)
class ExactlyOnceIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String[] TYPES = {"sensor", "user_action", "system"};

  @Test
  void shouldRouteEveryAcceptedEventExactlyOnceAndDeadLetterEveryBadRecordAcrossARestart(
      KafkaFixture kafka, @TempDir Path dataDir) throws Exception {
    String prefix = kafka.uniquePrefix();
    CornjacketConfig config =
        ConfigLoader.load(
                Map.of(
                    "CORNJACKET_KAFKA_BOOTSTRAP",
                    kafka.bootstrapServers(),
                    "CORNJACKET_KAFKA_TOPIC_PREFIX",
                    prefix,
                    "CORNJACKET_KAFKA_PARTITIONS",
                    "3",
                    "CORNJACKET_HTTP_PORT",
                    "0",
                    "CORNJACKET_ROLES",
                    "ingest,streams",
                    "CORNJACKET_DATA_DIR",
                    dataDir.toString(),
                    "CORNJACKET_STREAMS_APPLICATION_ID",
                    "eos-" + prefix.replace(".", ""),
                    "CORNJACKET_STREAMS_COMMIT_INTERVAL",
                    "100ms",
                    "CORNJACKET_STREAMS_STANDBY_REPLICAS",
                    "0"),
                Optional.empty())
            .config();
    Topics topics = new Topics(prefix);

    try (Platform platform = Platform.start(config)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> platform.streamsState().orElseThrow() == KafkaStreams.State.RUNNING);

      // 900 distinct valid events, 100 repeats of them, 50 invalid ones: 1,050 lines over HTTP
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 900; i++) {
        lines.add(event("e-" + i, "device-" + (i % 30), TYPES[i % 3]));
      }
      for (int i = 0; i < 100; i++) {
        lines.add(event("e-" + (i * 9), "device-" + ((i * 9) % 30), TYPES[(i * 9) % 3]));
      }
      for (int i = 0; i < 50; i++) {
        lines.add(
            "{\"event_id\":\"bad-" + i + "\",\"device_id\":\"device-1\",\"type\":\"sensor\"}");
      }
      int accepted = 0;
      int rejected = 0;
      URI events = URI.create("http://localhost:" + platform.httpPort() + "/api/v1/events");
      for (int from = 0; from < lines.size(); from += 150) {
        List<String> chunk = lines.subList(from, Math.min(lines.size(), from + 150));
        HttpResponse<String> response = post(events, String.join("\n", chunk));
        assertThat(response.statusCode()).as(response.body()).isIn(202, 400);
        JsonNode body = JSON.readTree(response.body());
        accepted += body.get("accepted").size();
        rejected += body.get("rejected").size();
      }
      assertThat(accepted).isEqualTo(1_000);
      assertThat(rejected).isEqualTo(50);

      // 50 bad records from a producer that bypasses HTTP validation
      int corrupt = writeCorruptRecords(kafka.bootstrapServers(), topics.raw().name());
      assertThat(corrupt).isEqualTo(50);

      List<ConsumerRecord<String, byte[]>> routed = new ArrayList<>();
      for (String topic :
          List.of(topics.sensor().name(), topics.userAction().name(), topics.system().name())) {
        routed.addAll(
            TopicReader.readAll(
                kafka.bootstrapServers(), topic, r -> true, 300, Duration.ofSeconds(60)));
      }
      Set<String> routedIds = new HashSet<>();
      for (ConsumerRecord<String, byte[]> r : routed) {
        JsonNode event = JSON.readTree(r.value());
        routedIds.add(event.get("event_id").asText());
        assertThat(r.key()).isEqualTo(event.get("device_id").asText());
      }
      List<ConsumerRecord<String, byte[]>> deadLetters =
          TopicReader.readAll(
              kafka.bootstrapServers(),
              topics.deadLetters().name(),
              r -> true,
              50,
              Duration.ofSeconds(60));

      System.out.printf(
          "sent %d over HTTP (accepted %d, rejected %d) + %d corrupt; routed %d (distinct %d),"
              + " dead letters %d%n",
          lines.size(),
          accepted,
          rejected,
          corrupt,
          routed.size(),
          routedIds.size(),
          deadLetters.size());
      assertThat(routed).hasSize(900);
      assertThat(routedIds).hasSize(900);
      assertThat(deadLetters).hasSize(50);
      assertThat(deadLetters)
          .allSatisfy(
              r -> {
                assertThat(r.headers().lastHeader(DeadLetters.REASON)).isNotNull();
                assertThat(r.headers().lastHeader(DeadLetters.STAGE).value())
                    .isEqualTo("validate".getBytes(StandardCharsets.UTF_8));
                assertThat(r.headers().lastHeader(DeadLetters.ORIGIN)).isNotNull();
              });
    }

    // A restart on the same state: the de-duplication ids are still known, so the first 100
    // events sent again are dropped, and one new event gets through.
    try (Platform restarted = Platform.start(config)) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> restarted.streamsState().orElseThrow() == KafkaStreams.State.RUNNING);
      // A clean restart reuses the local stores: nothing is restored from the changelogs. (No
      // anomaly was scored, so anomalies-recent was never written: an empty store must not make
      // the task look corrupted and get wiped.) The global models table lives in memory and is
      // always read again.
      JsonNode self =
          JSON.readTree(
              get(URI.create(
                      "http://localhost:" + restarted.httpPort() + "/api/v1/ops/instances/self"))
                  .body());
      List<JsonNode> restorations = new ArrayList<>();
      self.get("restoration")
          .forEach(
              r -> {
                if (!r.get("store").asText().equals("models")) {
                  restorations.add(r);
                }
              });
      assertThat(restorations)
          .as("restorations after a clean restart")
          .hasSizeGreaterThanOrEqualTo(3 * 6)
          .allSatisfy(r -> assertThat(r.get("restored").asLong()).as(r.toString()).isZero());
      URI events = URI.create("http://localhost:" + restarted.httpPort() + "/api/v1/events");
      List<String> again = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        again.add(event("e-" + i, "device-" + (i % 30), TYPES[i % 3]));
      }
      again.add(event("after-restart", "device-1", "system"));
      assertThat(post(events, String.join("\n", again)).statusCode()).isEqualTo(202);

      List<ConsumerRecord<String, byte[]>> system =
          TopicReader.readAll(
              kafka.bootstrapServers(),
              topics.system().name(),
              r -> true,
              301,
              Duration.ofSeconds(60));
      assertThat(system).hasSize(301);
      assertThat(system)
          .anySatisfy(
              r ->
                  assertThat(r.value()).asString(StandardCharsets.UTF_8).contains("after-restart"));
    }
  }

  private static String event(String id, String device, String type) {
    String metrics = type.equals("sensor") ? ",\"metrics\":{\"t\":21.5}" : "";
    return "{\"event_id\":\""
        + id
        + "\",\"device_id\":\""
        + device
        + "\",\"type\":\""
        + type
        + "\",\"ts\":"
        + System.currentTimeMillis()
        + metrics
        + "}";
  }

  /**
   * Ten each of: garbage bytes, JSON that is no envelope, a key that is not the device, an invalid
   * event, an event whose ts is far older than its received_at.
   */
  private static int writeCorruptRecords(String bootstrap, String rawTopic) throws Exception {
    String now = Instant.now().toString();
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      records.add(record(rawTopic, "device-1", "\u0000\u00ff not json " + i));
      records.add(record(rawTopic, "device-1", "{\"hello\":" + i + "}"));
      records.add(
          record(
              rawTopic,
              "someone-else",
              envelope(
                  "{\"event_id\":\"m-"
                      + i
                      + "\",\"device_id\":\"device-1\",\"type\":\"system\",\"ts\":\""
                      + now
                      + "\"}",
                  now)));
      records.add(
          record(
              rawTopic,
              "device-1",
              envelope(
                  "{\"event_id\":\"i-"
                      + i
                      + "\",\"device_id\":\"device-1\",\"ts\":\""
                      + now
                      + "\"}",
                  now)));
      records.add(
          record(
              rawTopic,
              "device-1",
              envelope(
                  "{\"event_id\":\"o-"
                      + i
                      + "\",\"device_id\":\"device-1\",\"type\":\"system\",\"ts\":\"2014-01-01T00:00:00Z\"}",
                  now)));
    }
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (ProducerRecord<String, byte[]> r : records) {
        producer.send(r).get();
      }
    }
    return records.size();
  }

  private static String envelope(String event, String receivedAt) {
    return "{\"event\":"
        + event
        + ",\"received_at\":\""
        + receivedAt
        + "\",\"source\":\"mqtt\",\"principal\":\"gw\"}";
  }

  private static ProducerRecord<String, byte[]> record(String topic, String key, String value) {
    return new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(URI uri, String ndjson) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofString(ndjson))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
