package dev.cornjacket.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of the application on the real broker, each with its own state directory and HTTP
 * port: every device is answered by every instance (locally or proxied to the owner), listings
 * gather from all of them, and when one instance stops the others keep answering correctly, from a
 * standby within the lag bound or with a 503 — never with a wrong answer.
 */
@ExtendWith(SharedKafka.class)
@Timeout(300)
class InteractiveQueriesIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final int DEVICES = 30;
  private static final int EVENTS_PER_DEVICE = 4;

  @Test
  void shouldAnswerEveryDeviceFromEveryInstanceAndSurviveOneStopping(
      KafkaFixture kafka, @TempDir Path dataDir) throws Exception {
    String prefix = kafka.uniquePrefix();
    String applicationId = "iq-" + prefix.replace(".", "");
    List<Platform> instances = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        instances.add(
            Platform.start(config(kafka, prefix, applicationId, dataDir.resolve("node-" + i))));
      }
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  instances.stream()
                      .allMatch(p -> p.streamsState().orElseThrow() == KafkaStreams.State.RUNNING));

      ingest(instances.getFirst());

      // Every device, from every instance, with the right content; the owner is named.
      Set<String> owners = new HashSet<>();
      for (Platform instance : instances) {
        for (int d = 0; d < DEVICES; d++) {
          String device = "dev-" + d;
          // by the active owner once the group has settled: right after start-up a probing
          // rebalance may still move a task, and its standby answers meanwhile
          await()
              .atMost(Duration.ofSeconds(60))
              .untilAsserted(
                  () -> {
                    HttpResponse<String> response = get(instance, "/api/v1/devices/" + device);
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                    assertCorrect(device, response.body());
                    assertThat(response.headers().firstValue("X-Served-From")).contains("active");
                    owners.add(response.headers().firstValue("X-Served-By").orElseThrow());
                  });
        }
      }
      assertThat(owners).as("partitions spread over the instances").hasSizeGreaterThan(1);

      // Rollups and an unknown device, through any instance
      HttpResponse<String> rollups =
          get(instances.get(1), "/api/v1/devices/dev-7/rollups?metric=temp&from=" + T0);
      assertThat(rollups.statusCode()).as(rollups.body()).isEqualTo(200);
      JsonNode windows = JSON.readTree(rollups.body()).get("rollups");
      assertThat(windows).hasSize(1);
      assertThat(windows.get(0).get("count").asLong()).isEqualTo(EVENTS_PER_DEVICE);
      assertThat(windows.get(0).get("max").asDouble()).isEqualTo(7 + EVENTS_PER_DEVICE - 1);
      // one window per metric, each with the fields it always had
      assertThat(windows.get(0).properties())
          .extracting(Map.Entry::getKey)
          .containsExactly(
              "device_id",
              "metric",
              "window_start",
              "window_end",
              "count",
              "min",
              "max",
              "sum",
              "avg");
      assertThat(Instant.parse(windows.get(0).get("window_start").asText())).isEqualTo(T0);
      assertThat(windows.get(0).get("avg").asDouble()).isEqualTo(7 + (EVENTS_PER_DEVICE - 1) / 2.0);
      HttpResponse<String> allMetrics =
          get(instances.get(0), "/api/v1/devices/dev-7/rollups?from=" + T0);
      assertThat(allMetrics.statusCode()).as(allMetrics.body()).isEqualTo(200);
      JsonNode all = JSON.readTree(allMetrics.body());
      assertThat(all.has("metric")).isFalse();
      assertThat(all.get("rollups"))
          .extracting(w -> w.get("metric").asText() + " " + w.get("count").asLong())
          .containsExactly("hum 1", "temp " + EVENTS_PER_DEVICE);
      assertThat(all.get("rollups").get(1)).isEqualTo(windows.get(0));
      HttpResponse<String> unknownMetric =
          get(instances.get(2), "/api/v1/devices/dev-7/rollups?metric=co2&from=" + T0);
      assertThat(unknownMetric.statusCode()).as(unknownMetric.body()).isEqualTo(200);
      assertThat(JSON.readTree(unknownMetric.body()).get("rollups")).isEmpty();
      assertThat(get(instances.get(2), "/api/v1/devices/nobody").statusCode()).isEqualTo(404);
      assertThat(get(instances.get(2), "/api/v1/devices/bad%20id").statusCode()).isEqualTo(400);

      // The listing gathers all devices from all instances, page by page (complete once no
      // partition is moving: a listing during a move says it is partial instead)
      for (Platform instance : instances) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(listAllDevices(instance)).hasSize(DEVICES));
      }

      // Stop one instance while queries run against the other two
      Platform stopped = instances.remove(2);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger correct = new AtomicInteger();
      AtomicInteger unavailable = new AtomicInteger();
      AtomicInteger fromStandby = new AtomicInteger();
      List<String> wrong = new ArrayList<>();
      Thread querying =
          Thread.ofPlatform()
              .start(
                  () -> {
                    int n = 0;
                    while (running.get()) {
                      Platform instance = instances.get(n % instances.size());
                      String device = "dev-" + (n % DEVICES);
                      n++;
                      try {
                        HttpResponse<String> response = get(instance, "/api/v1/devices/" + device);
                        if (response.statusCode() == 200) {
                          assertCorrect(device, response.body());
                          correct.incrementAndGet();
                          if (response
                              .headers()
                              .firstValue("X-Served-From")
                              .orElse("")
                              .equals("standby")) {
                            fromStandby.incrementAndGet();
                          }
                        } else if (response.statusCode() == 503
                            && response.headers().firstValue("Retry-After").isPresent()) {
                          unavailable.incrementAndGet();
                        } else {
                          synchronized (wrong) {
                            wrong.add(response.statusCode() + " " + response.body());
                          }
                        }
                      } catch (AssertionError | Exception e) {
                        synchronized (wrong) {
                          wrong.add(device + ": " + e);
                        }
                      }
                    }
                  });
      long stoppedAt = System.nanoTime();
      stopped.close();
      // After the rebalance every device answers again from the remaining instances.
      for (Platform instance : instances) {
        for (int d = 0; d < DEVICES; d++) {
          String device = "dev-" + d;
          await()
              .atMost(Duration.ofSeconds(90))
              .untilAsserted(
                  () ->
                      assertThat(get(instance, "/api/v1/devices/" + device).statusCode())
                          .isEqualTo(200));
        }
      }
      long recoveredMs = (System.nanoTime() - stoppedAt) / 1_000_000;
      running.set(false);
      querying.join();
      System.out.printf(
          "failover: every device answered again %d ms after the stop began; during it %d correct"
              + " answers (%d from a standby), %d 503s, %d wrong%n",
          recoveredMs, correct.get(), fromStandby.get(), unavailable.get(), wrong.size());
      assertThat(wrong).as("wrong answers").isEmpty();
      for (Platform instance : instances) {
        await()
            .atMost(Duration.ofSeconds(60))
            .untilAsserted(() -> assertThat(listAllDevices(instance)).hasSize(DEVICES));
      }
    } finally {
      for (Platform instance : instances) {
        instance.close();
      }
    }
  }

  private static final Instant T0 =
      Instant.now().minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);

  /**
   * Device {@code dev-d} gets temp readings d, d+1, ... within one minute, and one hum reading 50+d
   * with the first.
   */
  private static void ingest(Platform instance) throws Exception {
    StringBuilder body = new StringBuilder();
    for (int d = 0; d < DEVICES; d++) {
      for (int e = 0; e < EVENTS_PER_DEVICE; e++) {
        body.append(
                """
                {"event_id":"e-%d-%d","device_id":"dev-%d","type":"sensor","ts":"%s",\
                "metrics":{"temp":%d%s},"attrs":{"seq":"%d"}}"""
                    .formatted(
                        d, e, d, T0.plusSeconds(e), d + e, e == 0 ? ",\"hum\":" + (50 + d) : "", e))
            .append('\n');
      }
    }
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + instance.httpPort() + "/api/v1/events"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
  }

  private static void assertCorrect(String device, String body) throws Exception {
    JsonNode json = JSON.readTree(body);
    int d = Integer.parseInt(device.substring("dev-".length()));
    assertThat(json.get("device_id").asText()).isEqualTo(device);
    assertThat(json.at("/counts/sensor").asLong()).isEqualTo(EVENTS_PER_DEVICE);
    assertThat(json.at("/metrics/temp/value").asDouble()).isEqualTo(d + EVENTS_PER_DEVICE - 1);
    assertThat(json.at("/attrs/seq").asText()).isEqualTo(Integer.toString(EVENTS_PER_DEVICE - 1));
  }

  private static List<String> listAllDevices(Platform instance) throws Exception {
    List<String> ids = new ArrayList<>();
    String after = null;
    do {
      HttpResponse<String> response =
          get(instance, "/api/v1/devices?limit=7" + (after == null ? "" : "&after=" + after));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode json = JSON.readTree(response.body());
      assertThat(json.get("partial").asBoolean()).as(response.body()).isFalse();
      json.get("devices").forEach(device -> ids.add(device.get("device_id").asText()));
      after = json.hasNonNull("next_after") ? json.get("next_after").asText() : null;
    } while (after != null);
    assertThat(ids).doesNotHaveDuplicates().isSorted();
    return ids;
  }

  private static HttpResponse<String> get(Platform instance, String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + instance.httpPort() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static CornjacketConfig config(
      KafkaFixture kafka, String prefix, String applicationId, Path dataDir) {
    return ConfigLoader.load(
            Map.ofEntries(
                Map.entry("CORNJACKET_KAFKA_BOOTSTRAP", kafka.bootstrapServers()),
                Map.entry("CORNJACKET_KAFKA_TOPIC_PREFIX", prefix),
                Map.entry("CORNJACKET_KAFKA_PARTITIONS", "6"),
                Map.entry("CORNJACKET_HTTP_PORT", "0"),
                Map.entry("CORNJACKET_ROLES", "ingest,streams"),
                Map.entry("CORNJACKET_DATA_DIR", dataDir.toString()),
                Map.entry("CORNJACKET_STREAMS_APPLICATION_ID", applicationId),
                Map.entry("CORNJACKET_STREAMS_COMMIT_INTERVAL", "100ms"),
                Map.entry("CORNJACKET_STREAMS_STANDBY_REPLICAS", "1"),
                Map.entry("CORNJACKET_STREAMS_QUERY_TIMEOUT", "1s")),
            Optional.empty())
        .config();
  }
}
