package dev.cornjacket.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.topology.RawEnvelopeSerde;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP ingest against the real in-process Kafka broker. */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class IngestIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static HttpServer server;
  private static Topics topics;
  private static String bootstrap;
  private static URI eventsUri;

  @BeforeAll
  static void startServer(KafkaFixture kafka) {
    bootstrap = kafka.bootstrapServers();
    topics = new Topics(kafka.uniquePrefix());
    kafka.createTopics(3, topics.all().stream().map(Topic::name).toArray(String[]::new));
    CornjacketConfig config =
        ConfigLoader.load(
                Map.of("CORNJACKET_HTTP_PORT", "0", "CORNJACKET_KAFKA_BOOTSTRAP", bootstrap),
                Optional.empty())
            .config();
    server = HttpServer.start(config.http(), config.kafka(), topics, List.of());
    eventsUri = URI.create("http://localhost:" + server.port() + "/api/v1/events");
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldAcceptOneEventAndWriteItsEnvelopeKeyedByDevice() throws Exception {
    String deviceId = "single-" + System.nanoTime();
    HttpResponse<String> response =
        post("application/json", event(deviceId, "e-" + deviceId).getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("accepted")).hasSize(1);
    assertThat(body.get("accepted").get(0).asText()).isEqualTo("e-" + deviceId);
    assertThat(body.get("rejected")).isEmpty();

    List<ConsumerRecord<String, byte[]>> landed = recordsOf(deviceId, 1);
    assertThat(landed).hasSize(1);
    ConsumerRecord<String, byte[]> record = landed.getFirst();
    assertThat(record.key()).isEqualTo(deviceId);
    JsonNode envelope = JSON.readTree(record.value());
    assertThat(envelope.get("source").asText()).isEqualTo("http");
    assertThat(envelope.get("principal").asText()).isEqualTo("anonymous");
    assertThat(Instant.parse(envelope.get("received_at").asText()))
        .isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(envelope.get("event").get("event_id").asText()).isEqualTo("e-" + deviceId);
    assertThat(envelope.get("event").get("metrics").get("temperature").asDouble()).isEqualTo(21.5);
  }

  @Test
  void shouldAssignEventIdsAndAcceptAnArray() throws Exception {
    String deviceId = "array-" + System.nanoTime();
    String array =
        "["
            + event(deviceId, null)
            + ","
            + event(deviceId, null)
            + ","
            + event(deviceId, null)
            + "]";

    HttpResponse<String> response =
        post("application/json", array.getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(202);
    Set<String> ids = ids(JSON.readTree(response.body()).get("accepted"));
    assertThat(ids).hasSize(3).allMatch(id -> id.matches("[0-9a-f-]{36}"));
    Set<String> landedIds =
        recordsOf(deviceId, 3).stream().map(r -> eventIdOf(r.value())).collect(Collectors.toSet());
    assertThat(landedIds).isEqualTo(ids);
  }

  @Test
  void shouldTreatANullEventIdAsAbsentAndWriteOneId() throws Exception {
    String deviceId = "null-id-" + System.nanoTime();
    String body =
        "{\"event_id\":null,\"device_id\":\""
            + deviceId
            + "\",\"type\":\"sensor\",\"ts\":"
            + System.currentTimeMillis()
            + ",\"metrics\":{\"t\":1}}";

    HttpResponse<String> response = post("application/json", body.getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String id = JSON.readTree(response.body()).get("accepted").get(0).asText();
    byte[] envelope = recordsOf(deviceId, 1).getFirst().value();
    // strict reading (duplicate keys rejected) of what the topology will read
    assertThat(RawEnvelopeSerde.read("t", envelope).event().get("event_id").asText()).isEqualTo(id);
  }

  @Test
  void shouldAcceptTenThousandNdjsonLinesInOneRequest() throws Exception {
    String deviceId = "ndjson-" + System.nanoTime();
    String body =
        IntStream.range(0, 10_000)
            .mapToObj(i -> event(deviceId + "-" + (i % 50), deviceId + "-" + i))
            .collect(Collectors.joining("\n", "", "\n"));

    HttpResponse<String> response =
        post("application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(JSON.readTree(response.body()).get("accepted")).hasSize(10_000);
    List<ConsumerRecord<String, byte[]>> landed =
        TopicReader.readAll(
            bootstrap,
            topics.raw().name(),
            r -> r.key().startsWith(deviceId + "-"),
            10_000,
            Duration.ofSeconds(30));
    assertThat(landed).hasSize(10_000);
    assertThat(landed.stream().map(r -> eventIdOf(r.value())).distinct()).hasSize(10_000);
    assertThat(landed).allMatch(r -> r.key().equals(deviceIdOf(r.value())));
  }

  @Test
  void shouldAcceptTheValidPartOfAMixedBatchAndExplainTheRest() throws Exception {
    String deviceId = "mixed-" + System.nanoTime();
    String body =
        String.join(
            "\n",
            event(deviceId, "m1"),
            "{\"device_id\": \"" + deviceId + "\", \"type\": \"sensor\"}",
            "{not json",
            event(deviceId, "m2"),
            "{\"device_id\": 42, \"type\": \"sensor\", \"ts\": "
                + now()
                + ", \"metrics\": {\"t\": \"hot\"}}");

    HttpResponse<String> response =
        post("application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(202);
    JsonNode json = JSON.readTree(response.body());
    assertThat(ids(json.get("accepted"))).containsExactlyInAnyOrder("m1", "m2");
    JsonNode rejected = json.get("rejected");
    assertThat(rejected).hasSize(3);
    assertThat(rejected.get(0).get("index").asInt()).isEqualTo(1);
    assertThat(rejected.get(0).get("reason").asText()).isEqualTo("missing_field");
    assertThat(fieldsOf(rejected.get(0))).contains("ts", "metrics");
    assertThat(rejected.get(1).get("index").asInt()).isEqualTo(2);
    assertThat(rejected.get(1).get("reason").asText()).isEqualTo("invalid_json");
    assertThat(rejected.get(2).get("index").asInt()).isEqualTo(4);
    assertThat(fieldsOf(rejected.get(2))).contains("device_id", "metrics.t");
    assertThat(recordsOf(deviceId, 2))
        .extracting(r -> eventIdOf(r.value()))
        .containsExactlyInAnyOrder("m1", "m2");
  }

  @Test
  void shouldAnswer400WithFieldErrorsWhenNothingIsValid() throws Exception {
    HttpResponse<String> response =
        post(
            "application/json",
            "{\"device_id\": \"bad id!\", \"type\": \"weather\", \"ts\": true}"
                .getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.get("error").asText()).isEqualTo("no_valid_events");
    assertThat(json.get("message").asText()).isEqualTo("the event is invalid");
    assertThat(json.get("accepted")).isEmpty();
    assertThat(fieldsOf(json.get("rejected").get(0))).contains("device_id", "type", "ts");
    assertThat(json.get("details")).isEqualTo(json.get("rejected"));
  }

  @Test
  void shouldRejectMalformedJsonAsAWhole() throws Exception {
    assertError(post("application/json", bytes("{\"device_id\": ")), 400, "invalid_json");
    assertError(post("application/json", bytes("[{\"a\":1},")), 400, "invalid_json");
    assertError(post("application/json", bytes("{\"a\":1,\"a\":2}")), 400, "invalid_json");
    assertError(post("application/json", bytes("")), 400, "empty_body");
    assertError(post("application/json", bytes("42")), 400, "invalid_body");
  }

  @Test
  void shouldRejectAnEmptyArray() throws Exception {
    assertError(post("application/json", bytes("[]")), 400, "empty_batch");
    assertError(post("application/x-ndjson", bytes("\n\n")), 400, "empty_batch");
  }

  @Test
  void shouldRejectDeepNestingWithoutStackOverflow() throws Exception {
    String deep = "[".repeat(5_000) + "]".repeat(5_000);
    assertError(post("application/json", bytes(deep)), 400, "invalid_json");
    String deepInEvent =
        "{\"device_id\":\"d\",\"type\":\"system\",\"ts\":"
            + now()
            + ",\"attrs\":{\"x\":"
            + "{\"y\":".repeat(200)
            + "1"
            + "}".repeat(200)
            + "}}";
    assertError(post("application/json", bytes(deepInEvent)), 400, "invalid_json");
  }

  @Test
  void shouldRejectInvalidUtf8() throws Exception {
    byte[] body = bytes(event("utf8-device", "u1"));
    byte[] broken = Arrays.copyOf(body, body.length);
    int at = new String(body, StandardCharsets.UTF_8).indexOf("utf8-device") + 2;
    broken[at] = (byte) 0xC3;
    broken[at + 1] = (byte) 0x28; // an invalid two-byte sequence
    assertError(post("application/json", broken), 400, "invalid_json");
  }

  @Test
  void shouldRefuseOversizedBodiesBeforeReadingThem() throws Exception {
    byte[] fiveMiB = new byte[5 * 1024 * 1024];
    Arrays.fill(fiveMiB, (byte) ' ');
    HttpResponse<String> declared = post("application/json", fiveMiB);
    assertError(declared, 413, "body_too_large");

    HttpRequest chunked =
        HttpRequest.newBuilder(eventsUri)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(fiveMiB)))
            .build();
    assertError(CLIENT.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "body_too_large");
  }

  @Test
  void shouldRefuseMoreEventsThanTheLimit() throws Exception {
    String body = IntStream.range(0, 10_001).mapToObj(i -> "{}").collect(Collectors.joining("\n"));
    assertError(post("application/x-ndjson", bytes(body)), 413, "too_many_events");
  }

  @Test
  void shouldRefuseUnsupportedContentTypes() throws Exception {
    HttpResponse<String> response = post("text/xml", bytes("<event/>"));
    assertError(response, 415, "unsupported_media_type");
    assertThat(JSON.readTree(response.body()).get("message").asText())
        .contains("application/json", "application/x-ndjson");
  }

  @Test
  void shouldReadCurlsDefaultFormContentTypeAsJson() throws Exception {
    HttpResponse<String> response =
        post("application/x-www-form-urlencoded", bytes(event("curl-device", "c1")));
    assertThat(response.statusCode()).isEqualTo(202);
  }

  @Test
  void shouldReportLivenessAndReadinessAsJson() throws Exception {
    HttpResponse<String> live = get("/health/live");
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(live.body()).get("status").asText()).isEqualTo("UP");

    HttpResponse<String> ready = get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    JsonNode kafka = JSON.readTree(ready.body()).get("checks").get("kafka");
    assertThat(kafka.get("status").asText()).isEqualTo("UP");
    assertThat(kafka.get("bootstrap").asText()).isEqualTo(bootstrap);
  }

  @Test
  void shouldAnswerUnknownPathsAndMethodsWithAJsonError() throws Exception {
    assertError(get("/api/v1/nope"), 404, "not_found");
    assertError(get("/api/v1/events"), 405, "method_not_allowed");
  }

  // --- helpers

  private static String event(String deviceId, String eventId) {
    return "{"
        + (eventId == null ? "" : "\"event_id\":\"" + eventId + "\",")
        + "\"device_id\":\""
        + deviceId
        + "\",\"type\":\"sensor\",\"ts\":"
        + now()
        + ",\"metrics\":{\"temperature\":21.5,\"humidity\":40},\"attrs\":{\"firmware\":\"1.4.2\"}}";
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> post(String contentType, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(eventsUri)
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(eventsUri.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void assertError(HttpResponse<String> response, int status, String code)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.get("error").asText()).isEqualTo(code);
    assertThat(json.get("message").asText()).isNotBlank();
    assertThat(json.has("details")).isTrue();
  }

  private static List<ConsumerRecord<String, byte[]>> recordsOf(String deviceId, int expected) {
    return TopicReader.readAll(
        bootstrap,
        topics.raw().name(),
        r -> deviceId.equals(r.key()),
        expected,
        Duration.ofSeconds(30));
  }

  private static Set<String> ids(JsonNode array) {
    Set<String> ids = new HashSet<>();
    array.forEach(n -> ids.add(n.asText()));
    return ids;
  }

  private static List<String> fieldsOf(JsonNode rejection) {
    return rejection.get("errors").findValuesAsText("field");
  }

  private static String eventIdOf(byte[] envelope) {
    try {
      return JSON.readTree(envelope).get("event").get("event_id").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String deviceIdOf(byte[] envelope) {
    try {
      return JSON.readTree(envelope).get("event").get("device_id").asText();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
