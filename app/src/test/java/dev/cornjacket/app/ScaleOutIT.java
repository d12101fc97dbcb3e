package dev.cornjacket.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.app.simulate.HttpEventSink;
import dev.cornjacket.app.simulate.SimulatedDevices;
import dev.cornjacket.app.simulate.Simulation;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedPostgres;
import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.topology.Topics;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scaling out and in while events flow: one all-roles instance takes simulated load, two more join
 * (they take partitions and restore state), one of them leaves gracefully, and then every accepted
 * event is counted: routed once to its type topic, stored once in PostgreSQL, and queryable (the
 * device's event count in the query API, the event by id).
 */
@ExtendWith({SharedKafka.class, SharedPostgres.class})
@Timeout(300)
class ScaleOutIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final int DEVICES = 40;

  @Test
  void shouldRouteStoreAndServeEveryAcceptedEventOnceWhileInstancesJoinAndLeave(
      KafkaFixture kafka, PostgresFixture postgres, @TempDir Path dataDir) throws Exception {
    String prefix = kafka.uniquePrefix();
    String url = postgres.createDatabase();
    Map<String, String> env = env(kafka, prefix, url);
    Map<String, String> accepted = new ConcurrentHashMap<>(); // event id -> device id
    List<Platform> instances = new ArrayList<>();
    Simulation simulation = null;
    Thread load = null;
    AtomicReference<Throwable> loadFailure = new AtomicReference<>();
    try {
      instances.add(Platform.start(config(env, dataDir.resolve("node-0"))));
      awaitRunning(instances);
      HttpEventSink http =
          new HttpEventSink("http://localhost:" + instances.getFirst().httpPort(), null);
      simulation =
          new Simulation(
              new SimulatedDevices(DEVICES, new SimulatedDevices.Rates(0, 0.02, 0.02), 17),
              http,
              new Simulation.Options(400, Duration.ZERO, 50, 2, Duration.ofMillis(20)),
              ack -> ack.events().forEach(e -> accepted.put(e.eventId(), e.deviceId())));
      Simulation running = simulation;
      load =
          Thread.ofPlatform()
              .name("scale-out-load")
              .start(
                  () -> {
                    try {
                      running.run(null);
                    } catch (Throwable e) {
                      loadFailure.set(e);
                    } finally {
                      http.close();
                    }
                  });
      awaitMoreAccepted(accepted, 500);

      // Two instances join while events flow
      instances.add(Platform.start(config(env, dataDir.resolve("node-1"))));
      instances.add(Platform.start(config(env, dataDir.resolve("node-2"))));
      awaitRunning(instances);
      awaitMoreAccepted(accepted, 500);

      // One leaves gracefully while events flow
      instances.remove(2).close();
      awaitRunning(instances);
      awaitMoreAccepted(accepted, 500);
      simulation.stop();
      load.join(Duration.ofSeconds(30));
      assertThat(loadFailure.get()).as("load generator").isNull();
      Simulation.Summary summary = simulation.summary();
      System.out.println("scale-out: " + summary.describe());
      assertThat(summary.failed()).as("failed events").isZero();
      assertThat(summary.rejected()).as("the invalid events").isPositive();
      assertThat(accepted.size()).isGreaterThan(1_500);

      // Routed: each accepted id exactly once in the sensor topic (duplicates dropped)
      Topics topics = new Topics(prefix);
      List<ConsumerRecord<String, byte[]>> routed =
          TopicReader.readAll(
              kafka.bootstrapServers(),
              topics.sensor().name(),
              r -> true,
              accepted.size(),
              Duration.ofSeconds(60));
      Map<String, Integer> routedIds = new HashMap<>();
      for (ConsumerRecord<String, byte[]> record : routed) {
        routedIds.merge(JSON.readTree(record.value()).get("event_id").asText(), 1, Integer::sum);
      }
      assertThat(routedIds.keySet()).containsExactlyInAnyOrderElementsOf(accepted.keySet());
      assertThat(routed).as("routed records").hasSize(accepted.size());

      // Stored: each accepted id exactly once in PostgreSQL
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(() -> assertThat(count(url, "count(*)")).isEqualTo(accepted.size()));
      assertThat(count(url, "count(DISTINCT event_id)")).isEqualTo(accepted.size());

      // Queryable: every device's count from each remaining instance, and events by id
      Map<String, Integer> perDevice = new HashMap<>();
      accepted.values().forEach(device -> perDevice.merge(device, 1, Integer::sum));
      for (Platform instance : instances) {
        for (Map.Entry<String, Integer> device : perDevice.entrySet()) {
          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(
                  () -> {
                    HttpResponse<String> response =
                        get(instance, "/api/v1/devices/" + device.getKey());
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    assertThat(JSON.readTree(response.body()).at("/counts/sensor").asInt())
                        .as(device.getKey())
                        .isEqualTo(device.getValue());
                  });
        }
      }
      List<String> ids = new ArrayList<>(accepted.keySet());
      for (int i = 0; i < ids.size(); i += Math.max(1, ids.size() / 25)) {
        HttpResponse<String> response = get(instances.get(i % 2), "/api/v1/events/" + ids.get(i));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode event = JSON.readTree(response.body());
        assertThat(event.get("device_id").asText()).isEqualTo(accepted.get(ids.get(i)));
      }
      System.out.printf(
          "scale-out: %,d accepted events of %d devices: %,d routed, %,d rows, every device's"
              + " count right on %d instances%n",
          accepted.size(),
          perDevice.size(),
          routed.size(),
          count(url, "count(*)"),
          instances.size());
    } finally {
      if (simulation != null) {
        simulation.stop();
      }
      if (load != null) {
        load.join(Duration.ofSeconds(30));
      }
      for (Platform instance : instances) {
        instance.close();
      }
    }
  }

  private static void awaitRunning(List<Platform> instances) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () ->
                instances.stream()
                    .allMatch(p -> p.streamsState().orElseThrow() == KafkaStreams.State.RUNNING));
  }

  private static void awaitMoreAccepted(Map<String, String> accepted, int more) {
    int target = accepted.size() + more;
    await().atMost(Duration.ofSeconds(60)).until(() -> accepted.size() >= target);
  }

  private static Map<String, String> env(KafkaFixture kafka, String prefix, String url) {
    Map<String, String> env = new HashMap<>();
    env.put("CORNJACKET_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("CORNJACKET_KAFKA_TOPIC_PREFIX", prefix);
    env.put("CORNJACKET_KAFKA_PARTITIONS", "6");
    env.put("CORNJACKET_HTTP_PORT", "0");
    env.put("CORNJACKET_ROLES", "ingest,streams,sinks");
    env.put("CORNJACKET_STREAMS_APPLICATION_ID", "scale-" + prefix.replace(".", ""));
    env.put("CORNJACKET_STREAMS_COMMIT_INTERVAL", "100ms");
    env.put("CORNJACKET_STREAMS_STANDBY_REPLICAS", "1");
    env.put("CORNJACKET_PG_URL", url);
    return env;
  }

  private static CornjacketConfig config(Map<String, String> env, Path dataDir) {
    Map<String, String> own = new HashMap<>(env);
    own.put("CORNJACKET_DATA_DIR", dataDir.toString());
    return ConfigLoader.load(own, Optional.empty()).config();
  }

  private static long count(String url, String what) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT " + what + " FROM events")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static HttpResponse<String> get(Platform instance, String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + instance.httpPort() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
