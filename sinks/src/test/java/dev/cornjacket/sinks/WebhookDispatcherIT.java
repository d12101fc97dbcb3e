package dev.cornjacket.sinks;

import static dev.cornjacket.sinks.SinkTesting.count;
import static dev.cornjacket.sinks.SinkTesting.settings;
import static dev.cornjacket.sinks.SinkTesting.strings;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cornjacket.config.Rate;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedPostgres;
import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.sinks.webhook.EndpointStatus;
import dev.cornjacket.sinks.webhook.WebhookDelivery;
import dev.cornjacket.sinks.webhook.WebhookDispatcher;
import dev.cornjacket.sinks.webhook.WebhookEndpoint;
import dev.cornjacket.sinks.webhook.WebhookOptions;
import dev.cornjacket.sinks.webhook.WebhookRule;
import dev.cornjacket.sinks.webhook.WebhookRules;
import dev.cornjacket.topology.DeadLetters;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.alert.Alert;
import dev.cornjacket.topology.alert.Severity;
import dev.cornjacket.topology.anomaly.Anomaly;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The webhook dispatcher against a real HTTP receiver, the in-process Kafka broker and a real
 * PostgreSQL: delivery, retries with measured back-off, dead letters, timeouts, rate limits,
 * signatures, independent endpoints and offsets committed only after the outcome is recorded.
 */
@ExtendWith({SharedKafka.class, SharedPostgres.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class WebhookDispatcherIT {

  private static final Duration BACKOFF = Duration.ofMillis(200);
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private KafkaFixture kafka;
  private String jdbcUrl;
  private PostgresStore store;
  private WebhookReceiver receiver;
  private Topics topics;
  private final List<WebhookDispatcher> dispatchers = new ArrayList<>();
  private int alertNumber;

  @BeforeAll
  void openDatabase(KafkaFixture kafka, PostgresFixture postgres) throws Exception {
    this.kafka = kafka;
    jdbcUrl = SinkTesting.createDatabase(postgres);
    store = PostgresStore.open(settings(jdbcUrl));
    receiver = new WebhookReceiver();
  }

  @AfterAll
  void closeDatabase() {
    receiver.close();
    store.close();
  }

  @AfterEach
  void stopDispatchers() {
    dispatchers.forEach(WebhookDispatcher::close);
    dispatchers.clear();
  }

  private void newTopics() throws Exception {
    topics = new Topics(kafka.uniquePrefix());
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 2);
  }

  private static WebhookEndpoint endpoint(String name, URI url, Duration timeout) {
    return new WebhookEndpoint(
        name, url, Optional.of(WebhookReceiver.SECRET), timeout, Optional.empty());
  }

  private WebhookOptions options(String group, Rate rate, int retries, WebhookEndpoint... targets) {
    return new WebhookOptions(
        kafka.bootstrapServers(),
        topics,
        group,
        new WebhookRules(List.of(targets), List.of()),
        rate,
        retries,
        BACKOFF,
        100,
        Duration.ofSeconds(30));
  }

  private WebhookDispatcher start(WebhookOptions options) {
    WebhookDispatcher dispatcher =
        WebhookDispatcher.start(options, store.dataSource(), new SimpleMeterRegistry());
    dispatchers.add(dispatcher);
    return dispatcher;
  }

  /** Sends {@code n} alerts of distinct devices; returns their ids. */
  private List<String> sendAlerts(int n, String device) {
    List<String> ids = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = SinkTesting.producer(kafka.bootstrapServers())) {
      for (int i = 0; i < n; i++) {
        String eventId = "e-" + alertNumber++;
        Anomaly anomaly =
            new Anomaly(
                Anomaly.idOf(eventId, "temperature"),
                eventId,
                device,
                "temperature",
                98.1,
                0.9,
                T0.plusSeconds(i),
                "ctx-1",
                List.of("far above the usual range"));
        Alert alert = Alert.raisedBy(anomaly, Duration.ofMinutes(5));
        producer.send(
            new ProducerRecord<>(
                topics.alerts().name(),
                device,
                topics.alerts().valueSerde().serializer().serialize("", alert)));
        ids.add(alert.alertId());
      }
      producer.flush();
    }
    return ids;
  }

  private List<String> statuses(String alertId, String endpoint) {
    return strings(
        jdbcUrl,
        "SELECT status FROM webhook_deliveries WHERE alert_id = '"
            + alertId
            + "' AND endpoint = '"
            + endpoint
            + "' ORDER BY attempt, id");
  }

  private static long millisBetween(WebhookReceiver.Call a, WebhookReceiver.Call b) {
    return TimeUnit.NANOSECONDS.toMillis(b.nanos() - a.nanos());
  }

  @Test
  void shouldPostTheAlertSignedWithItsIdAndRecordTheDelivery() throws Exception {
    newTopics();
    start(
        options(
            "ok",
            new Rate(100, Duration.ofSeconds(1)),
            3,
            endpoint("ok", receiver.url("/ok"), Duration.ofSeconds(5))));

    String id = sendAlerts(1, "boiler-1").getFirst();

    await().atMost(Duration.ofSeconds(20)).until(() -> statuses(id, "ok").size() == 1);
    WebhookReceiver.Call call = receiver.calls("/ok").getFirst();
    assertThat(call.alertId()).isEqualTo(id);
    assertThat(call.attempt()).isEqualTo(1);
    assertThat(call.signature()).startsWith("sha256=").hasSize("sha256=".length() + 64);
    assertThat(call.signatureOk()).as("signature verified by the receiver").isTrue();
    Alert received = topics.alerts().valueSerde().deserializer().deserialize("", call.body());
    assertThat(received.alertId()).isEqualTo(id);
    assertThat(new String(call.body(), UTF_8)).contains("\"alert_type\":\"anomaly.temperature\"");
    assertThat(statuses(id, "ok")).containsExactly(WebhookDelivery.DELIVERED);
    assertThat(
            count(
                jdbcUrl,
                "SELECT count(*) FROM webhook_deliveries WHERE alert_id = '"
                    + id
                    + "' AND http_status = 200 AND latency_ms >= 0 AND error IS NULL"))
        .isEqualTo(1);
  }

  @Test
  void shouldRetryWithIncreasingDelaysUntilTheReceiverRecovers() throws Exception {
    newTopics();
    receiver.answer("/flaky", n -> n <= 3 ? 500 : 200);
    start(
        options(
            "flaky",
            new Rate(100, Duration.ofSeconds(1)),
            5,
            endpoint("flaky", receiver.url("/flaky"), Duration.ofSeconds(5))));

    String id = sendAlerts(1, "boiler-2").getFirst();

    await().atMost(Duration.ofSeconds(20)).until(() -> statuses(id, "flaky").size() == 4);
    List<WebhookReceiver.Call> calls = receiver.calls("/flaky");
    assertThat(calls).extracting(WebhookReceiver.Call::attempt).containsExactly(1, 2, 3, 4);
    long first = millisBetween(calls.get(0), calls.get(1));
    long second = millisBetween(calls.get(1), calls.get(2));
    long third = millisBetween(calls.get(2), calls.get(3));
    System.out.printf(
        "Back-off measured (base %d ms, jitter 20%%): %d, %d, %d ms%n",
        BACKOFF.toMillis(), first, second, third);
    // 200, 400, 800 ms, each +-20%: strictly increasing
    assertThat(first).isBetween(150L, 400L);
    assertThat(second).isGreaterThan(first).isBetween(300L, 700L);
    assertThat(third).isGreaterThan(second).isBetween(600L, 1300L);
    assertThat(statuses(id, "flaky"))
        .containsExactly(
            WebhookDelivery.FAILED,
            WebhookDelivery.FAILED,
            WebhookDelivery.FAILED,
            WebhookDelivery.DELIVERED);
  }

  @Test
  void shouldDeadLetterAfterTheLastAttemptAndNotRetryARefusal() throws Exception {
    newTopics();
    receiver.answer("/down", n -> 503).answer("/refuses", n -> 400);
    start(
        options(
            "down",
            new Rate(100, Duration.ofSeconds(1)),
            2,
            endpoint("down", receiver.url("/down"), Duration.ofSeconds(5)),
            endpoint("refuses", receiver.url("/refuses"), Duration.ofSeconds(5))));

    String id = sendAlerts(1, "boiler-3").getFirst();

    List<ConsumerRecord<String, byte[]>> dead =
        TopicReader.readAll(
            kafka.bootstrapServers(),
            topics.deadLetters().name(),
            r -> true,
            2,
            Duration.ofSeconds(20));
    assertThat(dead).hasSize(2);
    for (ConsumerRecord<String, byte[]> record : dead) {
      DeadLetters.DeadLetter letter = DeadLetters.read(record.headers(), record.value());
      assertThat(letter.stage()).isEqualTo(DeadLetters.STAGE_WEBHOOK);
      assertThat(record.key()).isEqualTo("boiler-3");
      assertThat(
              topics.alerts().valueSerde().deserializer().deserialize("", record.value()).alertId())
          .isEqualTo(id);
    }
    assertThat(dead)
        .extracting(r -> new String(r.headers().lastHeader("cj.dlq.endpoint").value(), UTF_8))
        .containsExactlyInAnyOrder("down", "refuses");
    assertThat(dead)
        .extracting(r -> new String(r.headers().lastHeader(DeadLetters.MESSAGE).value(), UTF_8))
        .containsExactlyInAnyOrder(
            "after 3 attempts to down: HTTP 503", "after 1 attempts to refuses: HTTP 400");
    assertThat(receiver.calls("/down")).hasSize(3);
    assertThat(receiver.calls("/refuses")).hasSize(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> statuses(id, "down").size() == 4);
    assertThat(statuses(id, "down"))
        .containsExactly(
            WebhookDelivery.FAILED,
            WebhookDelivery.FAILED,
            WebhookDelivery.FAILED,
            WebhookDelivery.DEAD_LETTERED);
    assertThat(statuses(id, "refuses"))
        .containsExactly(WebhookDelivery.REJECTED, WebhookDelivery.DEAD_LETTERED);
  }

  @Test
  void shouldGiveUpOnAHangingReceiverAfterTheTimeout() throws Exception {
    newTopics();
    receiver.hang("/hang");
    start(
        options(
            "hang",
            new Rate(100, Duration.ofSeconds(1)),
            1,
            endpoint("hang", receiver.url("/hang"), Duration.ofMillis(300))));

    String id = sendAlerts(1, "boiler-4").getFirst();

    await().atMost(Duration.ofSeconds(20)).until(() -> statuses(id, "hang").size() == 3);
    assertThat(statuses(id, "hang"))
        .containsExactly(
            WebhookDelivery.TIMEOUT, WebhookDelivery.TIMEOUT, WebhookDelivery.DEAD_LETTERED);
    assertThat(
            count(
                jdbcUrl,
                "SELECT min(latency_ms) FROM webhook_deliveries WHERE alert_id = '"
                    + id
                    + "' AND status = 'timeout'"))
        .isBetween(290L, 3000L);
  }

  @Test
  void shouldHonourRetryAfter() throws Exception {
    newTopics();
    receiver.answer("/busy", n -> n == 1 ? 429 : 200).retryAfter("/busy", "1");
    start(
        options(
            "busy",
            new Rate(100, Duration.ofSeconds(1)),
            3,
            endpoint("busy", receiver.url("/busy"), Duration.ofSeconds(5))));

    String id = sendAlerts(1, "boiler-5").getFirst();

    await().atMost(Duration.ofSeconds(20)).until(() -> statuses(id, "busy").size() == 2);
    List<WebhookReceiver.Call> calls = receiver.calls("/busy");
    assertThat(millisBetween(calls.get(0), calls.get(1)))
        .as("waited Retry-After: 1 s, not 200 ms")
        .isGreaterThanOrEqualTo(950L);
  }

  @Test
  void shouldDeliverABurstAtTheRateLimitWithoutDroppingAny() throws Exception {
    newTopics();
    Rate rate = new Rate(10, Duration.ofSeconds(2));
    start(
        options(
            "burst", rate, 3, endpoint("burst", receiver.url("/burst"), Duration.ofSeconds(5))));

    List<String> ids = sendAlerts(50, "boiler-6");

    await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls("/burst").size() >= 50);
    List<WebhookReceiver.Call> calls = receiver.calls("/burst");
    assertThat(calls)
        .extracting(WebhookReceiver.Call::alertId)
        .containsExactlyInAnyOrderElementsOf(ids);
    // The limiter hands out 10 permissions per 2-second cycle: any 21 calls span more than a cycle,
    // and 50 calls take at least 4 cycles after the first one's
    for (int i = 0; i + 20 < calls.size(); i++) {
      assertThat(millisBetween(calls.get(i), calls.get(i + 20))).isGreaterThanOrEqualTo(1900L);
    }
    long total = millisBetween(calls.getFirst(), calls.getLast());
    System.out.printf("50 alerts at 10 per 2 s delivered in %d ms%n", total);
    assertThat(total).isGreaterThanOrEqualTo(6000L);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count(
                        jdbcUrl,
                        "SELECT count(*) FROM webhook_deliveries WHERE endpoint = 'burst' AND status = 'delivered'")
                    == 50);
  }

  @Test
  void shouldKeepDeliveringToAHealthyEndpointWhileAnotherIsDead() throws Exception {
    newTopics();
    receiver.hang("/dead");
    WebhookRules rules =
        new WebhookRules(
            List.of(
                endpoint("dead", receiver.url("/dead"), Duration.ofSeconds(2)),
                endpoint("alive", receiver.url("/alive"), Duration.ofSeconds(2))),
            List.of(
                new WebhookRule("anomaly.*", Severity.WARNING, "pump-*", List.of("dead", "alive")),
                new WebhookRule("*", Severity.CRITICAL, "*", List.of("alive"))));
    start(options("two", new Rate(100, Duration.ofSeconds(1)), 5).withRules(rules));

    long sent = System.nanoTime();
    List<String> ids = sendAlerts(5, "pump-1");

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.calls("/alive").size() >= 5);
    long lastAlive = receiver.calls("/alive").getLast().nanos();
    assertThat(TimeUnit.NANOSECONDS.toMillis(lastAlive - sent))
        .as("the healthy endpoint got all alerts while the dead one hangs")
        .isLessThan(5000L);
    assertThat(receiver.calls("/alive"))
        .extracting(WebhookReceiver.Call::alertId)
        .containsExactlyElementsOf(ids);
    assertThat(receiver.calls("/dead")).hasSize(1);
  }

  @Test
  void shouldNotDeliverAgainWhatWasCommittedBeforeARestart() throws Exception {
    newTopics();
    WebhookOptions options =
        options(
            "restart",
            new Rate(100, Duration.ofSeconds(1)),
            1,
            endpoint("restart", receiver.url("/restart"), Duration.ofSeconds(5)));
    WebhookDispatcher first = start(options);
    List<String> before = sendAlerts(3, "boiler-7");
    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.calls("/restart").size() == 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> first.status().getFirst().delivered() == 3);
    first.close();
    dispatchers.remove(first);

    List<String> after = sendAlerts(1, "boiler-7");
    WebhookDispatcher second = start(options);

    await().atMost(Duration.ofSeconds(20)).until(() -> receiver.calls("/restart").size() >= 4);
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> receiver.calls("/restart").size() == 4);
    List<String> all = new ArrayList<>(before);
    all.addAll(after);
    assertThat(receiver.calls("/restart"))
        .extracting(WebhookReceiver.Call::alertId)
        .containsExactlyElementsOf(all);
    EndpointStatus status = second.status().getFirst();
    assertThat(status.name()).isEqualTo("restart");
    assertThat(status.circuitState()).isEqualTo("CLOSED");
    assertThat(status.recent())
        .extracting(WebhookDelivery::alertId)
        .containsExactlyElementsOf(after);
  }
}
