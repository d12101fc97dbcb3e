package dev.cornjacket.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedPostgres;
import dev.cornjacket.sinks.StoredEvent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sinks role wired into the platform: events sent over HTTP come out as rows in PostgreSQL,
 * readiness reports PostgreSQL, and an unreachable database stops start-up with its address.
 */
@ExtendWith({SharedKafka.class, SharedPostgres.class})
@Timeout(180)
class SinksRoleIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void shouldStoreEventsSentOverHttpAndReportPostgresInReadiness(
      KafkaFixture kafka, PostgresFixture postgres, @TempDir Path dataDir) throws Exception {
    String prefix = kafka.uniquePrefix();
    String url = postgres.createDatabase();
    CornjacketConfig config = config(kafka, prefix, dataDir, url);

    try (Platform platform = Platform.start(config)) {
      URI base = URI.create("http://localhost:" + platform.httpPort());
      String body =
          "{\"event_id\":\"pg-1\",\"device_id\":\"sensor-1\",\"type\":\"sensor\",\"ts\":"
              + System.currentTimeMillis()
              + ",\"metrics\":{\"temperature\":21.5}}\n"
              + "{\"event_id\":\"pg-2\",\"device_id\":\"door-1\",\"type\":\"user_action\",\"ts\":"
              + System.currentTimeMillis()
              + "}";
      HttpResponse<String> posted =
          CLIENT.send(
              HttpRequest.newBuilder(base.resolve("/api/v1/events"))
                  .header("Content-Type", "application/x-ndjson")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);

      await().atMost(Duration.ofSeconds(90)).until(() -> count(url) == 2);
      StoredEvent stored = platform.storedEvents().orElseThrow().find("pg-1").orElseThrow();
      assertThat(stored.event().metrics()).containsEntry("temperature", 21.5);
      assertThat(stored.event().ingest().source()).isEqualTo("http");

      // The same event over the API, and the device's history page by page
      HttpResponse<String> byId = get(base.resolve("/api/v1/events/pg-1"));
      assertThat(byId.statusCode()).as(byId.body()).isEqualTo(200);
      assertThat(JSON.readTree(byId.body()).at("/metrics/temperature").asDouble()).isEqualTo(21.5);
      assertThat(get(base.resolve("/api/v1/events/nope")).statusCode()).isEqualTo(404);
      HttpResponse<String> history = get(base.resolve("/api/v1/devices/sensor-1/events?limit=1"));
      assertThat(history.statusCode()).as(history.body()).isEqualTo(200);
      assertThat(JSON.readTree(history.body()).at("/events/0/event_id").asText()).isEqualTo("pg-1");
      HttpResponse<String> badCursor =
          get(base.resolve("/api/v1/devices/sensor-1/events?after=not-a-cursor"));
      assertThat(badCursor.statusCode()).as(badCursor.body()).isEqualTo(400);
      assertThat(JSON.readTree(badCursor.body()).at("/error").asText()).isEqualTo("bad_parameter");

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> get(base.resolve("/health/ready")).statusCode() == 200);
      JsonNode postgresCheck =
          JSON.readTree(get(base.resolve("/health/ready")).body()).at("/checks/postgres");
      assertThat(postgresCheck.at("/status").asText()).isEqualTo("UP");
      assertThat(postgresCheck.at("/sink").asText()).isEqualTo("RUNNING");
      assertThat(postgresCheck.at("/schema_version").asText()).isEqualTo("2");
      assertThat(
              JSON.readTree(get(base.resolve("/health/ready")).body())
                  .at("/checks/startup/status")
                  .asText())
          .as("every role has started")
          .isEqualTo("UP");

      // the sink's rows, its consumer's lag and the connection pool on /metrics
      assertThat(get(base.resolve("/metrics")).body())
          .contains("cornjacket_sink_rows_total{")
          .contains("kafka_consumer_fetch_manager_records_lag_max{")
          .contains("client_id=\"cornjacket-postgres-sink\"")
          .contains("hikaricp_connections_active{");
    }
  }

  @Test
  void shouldRefuseToStartWhenPostgresIsUnreachable(KafkaFixture kafka, @TempDir Path dataDir) {
    CornjacketConfig config =
        config(kafka, kafka.uniquePrefix(), dataDir, "jdbc:postgresql://localhost:1/cornjacket");

    assertThatThrownBy(() -> Platform.start(config))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith(
            "PostgreSQL at jdbc:postgresql://localhost:1/cornjacket is not reachable");
  }

  private static CornjacketConfig config(
      KafkaFixture kafka, String prefix, Path dataDir, String url) {
    Map<String, String> env = new HashMap<>();
    env.put("CORNJACKET_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("CORNJACKET_KAFKA_TOPIC_PREFIX", prefix);
    env.put("CORNJACKET_KAFKA_PARTITIONS", "1");
    env.put("CORNJACKET_HTTP_PORT", "0");
    env.put("CORNJACKET_ROLES", "ingest,streams,sinks");
    env.put("CORNJACKET_DATA_DIR", dataDir.toString());
    env.put("CORNJACKET_STREAMS_APPLICATION_ID", "sinks-" + prefix.replace(".", ""));
    env.put("CORNJACKET_STREAMS_COMMIT_INTERVAL", "100ms");
    env.put("CORNJACKET_STREAMS_STANDBY_REPLICAS", "0");
    env.put("CORNJACKET_PG_URL", url);
    return ConfigLoader.load(env, Optional.empty()).config();
  }

  private static long count(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
  }
}
