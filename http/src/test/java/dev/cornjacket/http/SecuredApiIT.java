package dev.cornjacket.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.topology.RawEnvelope;
import dev.cornjacket.topology.RawEnvelopeSerde;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API in {@code jwt} mode against the real broker: the auth matrix with exact statuses and
 * {@code WWW-Authenticate}, the token's subject on the raw record, a device-scoped token refused
 * for another device before anything is produced, the trace context on the record, the metrics
 * endpoint, and error bodies without stack traces.
 */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class SecuredApiIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String REALM = "Bearer realm=\"cornjacket\"";

  private static HttpServer server;
  private static Topics topics;
  private static String bootstrap;
  private static URI base;
  private static OpenTelemetrySdk openTelemetry;

  @BeforeAll
  static void startServer(KafkaFixture kafka) {
    bootstrap = kafka.bootstrapServers();
    topics = new Topics(kafka.uniquePrefix());
    kafka.createTopics(1, topics.all().stream().map(Topic::name).toArray(String[]::new));
    CornjacketConfig config =
        ConfigLoader.load(
                Map.of(
                    "CORNJACKET_HTTP_PORT",
                    "0",
                    "CORNJACKET_KAFKA_BOOTSTRAP",
                    bootstrap,
                    "CORNJACKET_AUTH_MODE",
                    "jwt",
                    "CORNJACKET_AUTH_JWT_SECRET",
                    Tokens.SECRET,
                    "CORNJACKET_AUTH_ISSUER",
                    Tokens.ISSUER,
                    "CORNJACKET_AUTH_AUDIENCE",
                    Tokens.AUDIENCE),
                Optional.empty())
            .config();
    openTelemetry =
        OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    server =
        HttpServer.start(
            config.http(),
            config.kafka(),
            topics,
            List.of(),
            ServerOptions.of(
                config.auth(),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                openTelemetry));
    base = URI.create("http://localhost:" + server.port());
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
    if (openTelemetry != null) {
      openTelemetry.close();
    }
  }

  @Test
  void shouldAnswerTheAuthMatrixWithExactStatusesAndChallenges() throws Exception {
    String device = "matrix-" + System.nanoTime();
    Instant past = Instant.now().minus(Duration.ofMinutes(10));

    HttpResponse<String> noToken = post(device, null, Map.of());
    assertThat(noToken.statusCode()).isEqualTo(401);
    assertThat(noToken.headers().firstValue("WWW-Authenticate")).contains(REALM);
    assertThat(JSON.readTree(noToken.body()).get("error").asText()).isEqualTo("unauthorized");

    assertInvalid(
        post(
            device,
            Tokens.hs256(Tokens.claims("gw", "ingest").expirationTime(Date.from(past))),
            Map.of()),
        "the token has expired");
    assertInvalid(
        post(device, Tokens.hs256(Tokens.claims("gw", "ingest").issuer("https://other")), Map.of()),
        "the token's issuer is not accepted");
    assertInvalid(
        post(device, Tokens.hs256(Tokens.claims("gw", "ingest").audience("other-api")), Map.of()),
        "the token's audience is not accepted");

    HttpResponse<String> wrongScope =
        post(device, Tokens.hs256(Tokens.claims("gw", "query")), Map.of());
    assertThat(wrongScope.statusCode()).isEqualTo(403);
    assertThat(wrongScope.headers().firstValue("WWW-Authenticate"))
        .contains(REALM + ", error=\"insufficient_scope\", scope=\"ingest\"");

    HttpResponse<String> otherDevice =
        post(
            device,
            Tokens.hs256(Tokens.claims("gw", "ingest").claim("device", "someone-else")),
            Map.of());
    assertThat(otherDevice.statusCode()).isEqualTo(403);
    assertThat(otherDevice.body()).doesNotContain(device);

    HttpResponse<String> query =
        get("/api/v1/devices/" + device, Tokens.hs256(Tokens.claims("gw", "ingest")));
    assertThat(query.statusCode()).isEqualTo(403);
    assertThat(
            get("/api/v1/ops/instances", Tokens.hs256(Tokens.claims("gw", "query"))).statusCode())
        .isEqualTo(403);

    HttpResponse<String> accepted =
        post(
            device,
            Tokens.hs256(Tokens.claims("gateway-7", "ingest").claim("device", device)),
            Map.of());
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

    // exactly one record: the refused requests produced nothing; the principal is the subject
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.readAll(
            bootstrap, topics.raw().name(), r -> r.key().equals(device), 1, Duration.ofSeconds(30));
    assertThat(records).hasSize(1);
    RawEnvelope envelope = RawEnvelopeSerde.read(topics.raw().name(), records.getFirst().value());
    assertThat(envelope.principal()).isEqualTo("gateway-7");
  }

  @Test
  void shouldLeaveHealthAndMetricsOpenAndCountRequestsByRoute() throws Exception {
    assertThat(get("/health/live", null).statusCode()).isEqualTo(200);
    assertThat(get("/health/ready", null).statusCode()).isIn(200, 503);
    post("metrics-" + System.nanoTime(), Tokens.hs256(Tokens.claims("gw", "ingest")), Map.of());

    HttpResponse<String> metrics = get("/metrics", null);

    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(metrics.body())
        .contains(
            "http_server_requests_seconds_count{method=\"POST\",route=\"/api/v1/events\",status=\"202\"}")
        .contains("kafka_producer_record_send_total");
  }

  @Test
  void shouldCarryTheCallersTraceIntoTheRawRecordHeaders() throws Exception {
    String device = "traced-" + System.nanoTime();
    String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    HttpResponse<String> response =
        post(
            device,
            Tokens.hs256(Tokens.claims("gw", "ingest")),
            Map.of("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

    ConsumerRecord<String, byte[]> record =
        TopicReader.readAll(
                bootstrap,
                topics.raw().name(),
                r -> r.key().equals(device),
                1,
                Duration.ofSeconds(30))
            .getFirst();
    Header traceparent = record.headers().lastHeader("traceparent");
    assertThat(traceparent).isNotNull();
    String value = new String(traceparent.value(), StandardCharsets.UTF_8);
    assertThat(value).startsWith("00-" + traceId + "-").doesNotContain("00f067aa0ba902b7");
  }

  @Test
  void shouldNeverPutAStackTraceInAnErrorBody() throws Exception {
    String token = Tokens.hs256(Tokens.claims("gw", "ingest query"));
    HttpResponse<String> broken =
        CLIENT.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/events"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"device_id\": [1, {\"x\": "))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> badLimit = get("/api/v1/devices?limit=999999999999", token);
    HttpResponse<String> garbageToken = get("/api/v1/devices", "e30.%%%.x");

    for (HttpResponse<String> response : List.of(broken, badLimit, garbageToken)) {
      assertThat(response.statusCode()).as(response.body()).isBetween(400, 503);
      JsonNode body = JSON.readTree(response.body());
      assertThat(body.get("error").isTextual()).isTrue();
      assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
  }

  private static void assertInvalid(HttpResponse<String> response, String description)
      throws Exception {
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .contains(REALM + ", error=\"invalid_token\", error_description=\"" + description + "\"");
    assertThat(JSON.readTree(response.body()).get("message").asText()).isEqualTo(description);
  }

  private static HttpResponse<String> post(
      String deviceId, String token, Map<String, String> headers) throws Exception {
    String event =
        "{\"device_id\":\""
            + deviceId
            + "\",\"type\":\"system\",\"ts\":"
            + System.currentTimeMillis()
            + "}";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(base.resolve("/api/v1/events"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    headers.forEach(request::header);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
