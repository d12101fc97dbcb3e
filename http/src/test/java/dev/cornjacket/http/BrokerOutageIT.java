package dev.cornjacket.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.topology.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With the broker down, ingest answers 503 within the produce timeout and claims nothing; once the
 * broker is back on the same data, ingest accepts again and the earlier records are still there.
 */
@Timeout(180)
class BrokerOutageIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final Duration PRODUCE_TIMEOUT = Duration.ofSeconds(3);

  @Test
  void shouldAnswer503WithinTheProduceTimeoutWhileTheBrokerIsDown(@TempDir Path dir)
      throws Exception {
    try (EmbeddedKafka broker = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
      Topics topics = new Topics("outage.");
      createTopics(broker.bootstrapServers(), topics);
      CornjacketConfig config =
          ConfigLoader.load(
                  Map.of(
                      "CORNJACKET_HTTP_PORT",
                      "0",
                      "CORNJACKET_KAFKA_BOOTSTRAP",
                      broker.bootstrapServers(),
                      "CORNJACKET_KAFKA_PRODUCE_TIMEOUT",
                      PRODUCE_TIMEOUT.toMillis() + "ms"),
                  Optional.empty())
              .config();
      try (HttpServer server = HttpServer.start(config.http(), config.kafka(), topics, List.of())) {
        URI base = URI.create("http://localhost:" + server.port());
        assertThat(post(base, "before").statusCode()).isEqualTo(202);

        broker.stop();

        long started = System.nanoTime();
        HttpResponse<String> during = post(base, "during");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
        JsonNode error = JSON.readTree(during.body());
        assertThat(error.get("error").asText()).isEqualTo("broker_unavailable");
        assertThat(error.has("accepted")).isFalse();
        assertThat(during.headers().firstValue("Retry-After")).isPresent();
        assertThat(took).isLessThan(PRODUCE_TIMEOUT.plusSeconds(2));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> get(base, "/health/ready").statusCode() == 503);
        JsonNode notReady = JSON.readTree(get(base, "/health/ready").body());
        assertThat(notReady.get("status").asText()).isEqualTo("DOWN");
        assertThat(notReady.at("/checks/kafka/status").asText()).isEqualTo("DOWN");
        assertThat(notReady.at("/checks/kafka/error").asText()).contains("broker");
        // the process is not broken: an orchestrator must not restart it for an absent broker
        HttpResponse<String> live = get(base, "/health/live");
        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).get("status").asText()).isEqualTo("UP");

        broker.start();

        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> post(base, "after").statusCode() == 202);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> get(base, "/health/ready").statusCode() == 200);
        assertThat(
                JSON.readTree(get(base, "/health/ready").body())
                    .at("/checks/kafka/status")
                    .asText())
            .isEqualTo("UP");
      }
      List<String> landed =
          TopicReader.readAll(
                  broker.bootstrapServers(),
                  topics.raw().name(),
                  r -> r.key().equals("before") || r.key().equals("after"),
                  2,
                  Duration.ofSeconds(30))
              .stream()
              .map(r -> r.key())
              .distinct()
              .toList();
      assertThat(landed).containsExactlyInAnyOrder("before", "after");
    }
  }

  private static void createTopics(String bootstrap, Topics topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              topics.all().stream().map(t -> new NewTopic(t.name(), 1, (short) 1)).toList())
          .all()
          .get();
    }
  }

  private static HttpResponse<String> post(URI base, String deviceId) throws Exception {
    String event =
        "{\"device_id\":\""
            + deviceId
            + "\",\"type\":\"system\",\"ts\":"
            + System.currentTimeMillis()
            + "}";
    return CLIENT.send(
        HttpRequest.newBuilder(base.resolve("/api/v1/events"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI base, String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
