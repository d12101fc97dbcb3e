package dev.cornjacket.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances in {@code jwt} mode: a query for a device the other instance owns is proxied with
 * credentials and answered; a hop without credentials (or with a wrong internal secret) is 401; and
 * {@code /metrics} shows the named series after traffic.
 */
@ExtendWith(SharedKafka.class)
@Timeout(180)
class SecuredInstancesIT {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String SECRET = "it-secret-of-at-least-32-bytes-long!!";
  private static final String INTERNAL = "internal-secret-of-at-least-32-bytes!";
  private static final int DEVICES = 12;

  @Test
  void shouldProxyAuthenticatedQueriesAndRefuseHopsWithoutCredentials(
      KafkaFixture kafka, @TempDir Path dataDir) throws Exception {
    String prefix = kafka.uniquePrefix();
    String applicationId = "sec-" + prefix.replace(".", "");
    List<Platform> instances = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        instances.add(
            Platform.start(config(kafka, prefix, applicationId, dataDir.resolve("node-" + i))));
      }
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  instances.stream()
                      .allMatch(p -> p.streamsState().orElseThrow() == KafkaStreams.State.RUNNING));
      Platform first = instances.getFirst();
      String ingestToken = token("gateway-1", "ingest");
      String queryToken = token("reader", "query");

      StringBuilder body = new StringBuilder();
      long ts = System.currentTimeMillis();
      for (int d = 0; d < DEVICES; d++) {
        body.append(
                """
                {"device_id":"sec-%d","type":"sensor","ts":%d,"metrics":{"temp":%d}}"""
                    .formatted(d, ts, d))
            .append('\n');
      }
      HttpResponse<String> ingested =
          send(
              first,
              HttpRequest.newBuilder(uri(first, "/api/v1/events"))
                  .header("Content-Type", "application/x-ndjson")
                  .header("Authorization", "Bearer " + ingestToken)
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
      assertThat(ingested.statusCode()).as(ingested.body()).isEqualTo(202);

      // every device through the first instance: the other's devices come back proxied
      Set<String> servedBy = new HashSet<>();
      for (int d = 0; d < DEVICES; d++) {
        String path = "/api/v1/devices/sec-" + d;
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> get(first, path, "Bearer " + queryToken, Map.of()).statusCode() == 200);
        servedBy.add(
            get(first, path, "Bearer " + queryToken, Map.of())
                .headers()
                .firstValue("X-Served-By")
                .orElseThrow());
      }
      assertThat(servedBy).as("both instances answered").hasSize(2);

      // a hop straight to the other instance needs credentials like any request
      Platform second = instances.get(1);
      String ownedBySecond = ownedBy(first, queryToken, servedBy, second);
      Map<String, String> hop = Map.of("X-Cornjacket-Hop", "active");
      assertThat(get(second, ownedBySecond, null, hop).statusCode()).isEqualTo(401);
      assertThat(
              get(second, ownedBySecond, null, Map.of("X-Cornjacket-Internal", "wrong-secret"))
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              get(
                      second,
                      ownedBySecond,
                      null,
                      Map.of("X-Cornjacket-Hop", "active", "X-Cornjacket-Internal", INTERNAL))
                  .statusCode())
          .isEqualTo(200);
      // the internal secret opens queries only, never ingest or operations
      assertThat(
              send(
                      second,
                      HttpRequest.newBuilder(uri(second, "/api/v1/events"))
                          .header("X-Cornjacket-Internal", INTERNAL)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString("{}")))
                  .statusCode())
          .isEqualTo(401);

      // metrics after traffic: open to scrapers, with the named series
      HttpResponse<String> metrics = get(first, "/metrics", null, Map.of());
      assertThat(metrics.statusCode()).isEqualTo(200);
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(get(first, "/metrics", null, Map.of()).body())
                      .contains("cornjacket_events_validated_total{type=\"sensor\"}")
                      .contains(
                          "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/events\",status=\"202\"}")
                      .contains(
                          "http_server_requests_seconds_count{method=\"GET\",route=\"/api/v1/devices/{id}\",status=\"200\"}")
                      .contains("kafka_stream_thread_")
                      .contains("kafka_producer_")
                      .contains("jvm_memory_used_bytes")
                      .contains("process_uptime_seconds"));
      assertThat(get(first, "/health/live", null, Map.of()).statusCode()).isEqualTo(200);
    } finally {
      for (Platform instance : instances) {
        instance.close();
      }
    }
  }

  /** A device the second instance answers for, found through the first one's X-Served-By. */
  private static String ownedBy(
      Platform first, String queryToken, Set<String> servers, Platform second) throws Exception {
    String secondServer =
        servers.stream().filter(s -> s.endsWith(":" + second.httpPort())).findFirst().orElseThrow();
    for (int d = 0; d < DEVICES; d++) {
      String path = "/api/v1/devices/sec-" + d;
      HttpResponse<String> response = get(first, path, "Bearer " + queryToken, Map.of());
      if (response.headers().firstValue("X-Served-By").orElseThrow().equals(secondServer)) {
        return path;
      }
    }
    throw new AssertionError("no device is served by " + secondServer);
  }

  private static String token(String subject, String scope) throws Exception {
    Instant now = Instant.now();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(1))))
                .claim("scope", scope)
                .build());
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }

  private static URI uri(Platform instance, String path) {
    return URI.create("http://localhost:" + instance.httpPort() + path);
  }

  private static HttpResponse<String> get(
      Platform instance, String path, String authorization, Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(instance, path)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    headers.forEach(request::header);
    return send(instance, request);
  }

  private static HttpResponse<String> send(Platform instance, HttpRequest.Builder request)
      throws Exception {
    return CLIENT.send(
        request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static CornjacketConfig config(
      KafkaFixture kafka, String prefix, String applicationId, Path dataDir) {
    return ConfigLoader.load(
            Map.ofEntries(
                Map.entry("CORNJACKET_KAFKA_BOOTSTRAP", kafka.bootstrapServers()),
                Map.entry("CORNJACKET_KAFKA_TOPIC_PREFIX", prefix),
                Map.entry("CORNJACKET_KAFKA_PARTITIONS", "4"),
                Map.entry("CORNJACKET_HTTP_PORT", "0"),
                Map.entry("CORNJACKET_ROLES", "ingest,streams"),
                Map.entry("CORNJACKET_DATA_DIR", dataDir.toString()),
                Map.entry("CORNJACKET_STREAMS_APPLICATION_ID", applicationId),
                Map.entry("CORNJACKET_STREAMS_COMMIT_INTERVAL", "100ms"),
                Map.entry("CORNJACKET_STREAMS_STANDBY_REPLICAS", "0"),
                Map.entry("CORNJACKET_STREAMS_QUERY_TIMEOUT", "2s"),
                Map.entry("CORNJACKET_AUTH_MODE", "jwt"),
                Map.entry("CORNJACKET_AUTH_JWT_SECRET", SECRET),
                Map.entry("CORNJACKET_AUTH_INTERNAL_SECRET", INTERNAL)),
            Optional.empty())
        .config();
  }
}
