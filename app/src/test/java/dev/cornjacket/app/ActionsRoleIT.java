package dev.cornjacket.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedPostgres;
import dev.cornjacket.sinks.webhook.Signatures;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The actions role wired into the platform: sensor readings sent over HTTP, one of them a spike,
 * become an anomaly, an alert, and a signed webhook call to a real receiver; the operations API
 * lists the endpoint with its deliveries and PostgreSQL has the attempt.
 */
@ExtendWith({SharedKafka.class, SharedPostgres.class})
@Timeout(180)
class ActionsRoleIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String SECRET = "actions-role-test-secret";

  private record Received(String alertId, boolean signatureOk, JsonNode body) {}

  @Test
  void shouldCallTheWebhookForAnAnomalySentOverHttp(
      KafkaFixture kafka, PostgresFixture postgres, @TempDir Path dataDir) throws Exception {
    List<Received> received = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext(
        "/hook",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          received.add(
              new Received(
                  exchange.getRequestHeaders().getFirst("X-Cornjacket-Alert-Id"),
                  Signatures.verify(
                      body, SECRET, exchange.getRequestHeaders().getFirst(Signatures.HEADER)),
                  JSON.readTree(body)));
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    String prefix = kafka.uniquePrefix();
    String url = postgres.createDatabase();
    Map<String, String> env = new HashMap<>();
    env.put("CORNJACKET_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("CORNJACKET_KAFKA_TOPIC_PREFIX", prefix);
    env.put("CORNJACKET_KAFKA_PARTITIONS", "1");
    env.put("CORNJACKET_HTTP_PORT", "0");
    env.put("CORNJACKET_ROLES", "ingest,streams,actions");
    env.put("CORNJACKET_DATA_DIR", dataDir.toString());
    env.put("CORNJACKET_STREAMS_APPLICATION_ID", "actions-" + prefix.replace(".", ""));
    env.put("CORNJACKET_STREAMS_COMMIT_INTERVAL", "100ms");
    env.put("CORNJACKET_STREAMS_STANDBY_REPLICAS", "0");
    env.put("CORNJACKET_ANOMALY_PROBATION", "100");
    env.put("CORNJACKET_ANOMALY_THRESHOLD", "0.5");
    env.put("CORNJACKET_PG_URL", url);
    env.put(
        "CORNJACKET_WEBHOOK_URL", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
    env.put("CORNJACKET_WEBHOOK_SECRET", SECRET);
    CornjacketConfig config = ConfigLoader.load(env, Optional.empty()).config();

    try (Platform platform = Platform.start(config)) {
      URI base = URI.create("http://localhost:" + platform.httpPort());
      HttpResponse<String> posted =
          CLIENT.send(
              HttpRequest.newBuilder(base.resolve("/api/v1/events"))
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(readings()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

      await().atMost(Duration.ofSeconds(90)).until(() -> !received.isEmpty());
      Received first = received.getFirst();
      assertThat(first.signatureOk()).isTrue();
      assertThat(first.body().at("/alert_type").asText()).isEqualTo("anomaly.temperature");
      assertThat(first.body().at("/device_id").asText()).isEqualTo("boiler-1");
      assertThat(first.body().at("/kind").asText()).isEqualTo("raised");
      assertThat(first.alertId()).isEqualTo(first.body().at("/alert_id").asText());

      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  JSON.readTree(get(base.resolve("/api/v1/ops/webhooks")).body())
                          .at("/endpoints/0/delivered")
                          .asLong()
                      >= 1);
      JsonNode endpoint =
          JSON.readTree(get(base.resolve("/api/v1/ops/webhooks")).body()).at("/endpoints/0");
      assertThat(endpoint.at("/name").asText()).isEqualTo("default");
      assertThat(endpoint.at("/circuit_state").asText()).isEqualTo("CLOSED");
      assertThat(endpoint.at("/rate_limit/global_available_permissions").isInt()).isTrue();
      assertThat(endpoint.at("/recent/0/status").asText()).isEqualTo("delivered");
      JsonNode actionsCheck =
          JSON.readTree(get(base.resolve("/health/ready")).body()).at("/checks/actions");
      assertThat(actionsCheck.at("/status").asText()).isEqualTo("UP");
      assertThat(actionsCheck.at("/endpoints").asInt()).isEqualTo(1);
      assertThat(
              count(
                  url,
                  "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered' AND alert_id"
                      + " = '"
                      + first.alertId()
                      + "'"))
          .isEqualTo(1);
    } finally {
      receiver.stop(0);
    }
  }

  /** 600 quiet readings a minute apart, a spike, and 19 more quiet ones, as NDJSON. */
  private static String readings() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(620));
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 620; i++) {
      double temperature = i == 600 ? 98.1 : 20 + Math.sin(i * 2 * Math.PI / 60);
      body.append(
          "{\"event_id\":\"r-%d\",\"device_id\":\"boiler-1\",\"type\":\"sensor\",\"ts\":\"%s\",\"metrics\":{\"temperature\":%s,\"humidity\":40}}\n"
              .formatted(i, start.plus(Duration.ofMinutes(i)), temperature));
    }
    return body.toString();
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static long count(String url, String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
