package dev.cornjacket.sinks;

import static dev.cornjacket.sinks.SinkTesting.count;
import static dev.cornjacket.sinks.SinkTesting.event;
import static dev.cornjacket.sinks.SinkTesting.json;
import static dev.cornjacket.sinks.SinkTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedPostgres;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The read API of stored events, on events the sink wrote: one by id, a device's events in a time
 * range page by page, and the argument checks.
 */
@ExtendWith({SharedKafka.class, SharedPostgres.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class StoredEventsIT {

  private static final Instant START =
      Instant.now().truncatedTo(ChronoUnit.MILLIS).minus(Duration.ofHours(1));

  private final List<Event> deviceA = new ArrayList<>();
  private Event scored;
  private PostgresStore store;
  private StoredEvents events;

  @BeforeAll
  void storeEventsThroughTheSink(KafkaFixture kafka, PostgresFixture postgres) throws Exception {
    String prefix = kafka.uniquePrefix();
    Topics topics = new Topics(prefix);
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 2);
    String url = SinkTesting.createDatabase(postgres);
    store = PostgresStore.open(settings(url));
    events = store.storedEvents();
    for (int i = 0; i < 25; i++) {
      // e-10 and e-11 share a time: the page boundary falls between them
      Instant ts = START.plusSeconds(i == 11 ? 10 : i);
      deviceA.add(event("e-%02d".formatted(i), "dev-a", ts, EventType.values()[i % 3]));
    }
    scored =
        new Event(
            "scored",
            "dev-b",
            EventType.SENSOR,
            START,
            Map.of("temperature", 99.5, "humidity", 40.0),
            Map.of("room", "kitchen \"tab\t\" \\ ünïcode"),
            Map.of("temperature", 0.97, "humidity", 0.1),
            new Event.Ingest(START.plusMillis(3), "mqtt", "gateway-7"));
    Event unreceived =
        new Event("bare", "dev-b", EventType.SYSTEM, START.plusSeconds(1), Map.of(), Map.of());
    try (KafkaProducer<String, byte[]> producer = SinkTesting.producer(kafka.bootstrapServers())) {
      for (Event e : deviceA) {
        producer.send(new ProducerRecord<>(topics.byType(e.type()).name(), e.deviceId(), json(e)));
      }
      producer.send(new ProducerRecord<>(topics.sensor().name(), "dev-b", json(scored)));
      producer.send(new ProducerRecord<>(topics.system().name(), "dev-b", json(unreceived)));
    }
    try (PostgresSink sink =
        PostgresSink.start(
            SinkOptions.of(kafka.bootstrapServers(), topics, prefix + "sink", 500),
            store.dataSource(),
            new SimpleMeterRegistry())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count(url, "SELECT count(*) FROM events") == 27);
    }
  }

  @AfterAll
  void close() {
    store.close();
  }

  @Test
  void shouldFindAnEventByIdAsItWasSent() {
    StoredEvent found = events.find("scored").orElseThrow();

    assertThat(found.event()).isEqualTo(scored);
    assertThat(found.storedAt()).isAfter(START);
    assertThat(events.find("bare").orElseThrow().event().ingest()).isNull();
    assertThat(events.find("e-03").orElseThrow().event()).isEqualTo(deviceA.get(3));
  }

  @Test
  void shouldAnswerEmptyForAnUnknownId() {
    assertThat(events.find("nope")).isEmpty();
  }

  @Test
  void shouldListADevicesEventsPageByPageInTimeOrder() {
    Instant to = START.plus(Duration.ofHours(1));
    EventPage first = events.list("dev-a", START, to, 10, null);
    EventPage second = events.list("dev-a", START, to, 10, first.nextCursor().orElseThrow());
    EventPage third = events.list("dev-a", START, to, 10, second.nextCursor().orElseThrow());

    assertThat(first.events()).hasSize(10);
    assertThat(second.events()).hasSize(10);
    assertThat(third.events()).hasSize(5);
    assertThat(third.nextCursor()).isEmpty();
    List<Event> all = new ArrayList<>();
    for (EventPage page : List.of(first, second, third)) {
      page.events().forEach(e -> all.add(e.event()));
    }
    List<Event> expected = new ArrayList<>(deviceA);
    expected.sort(
        (a, b) ->
            a.ts().equals(b.ts()) ? a.eventId().compareTo(b.eventId()) : a.ts().compareTo(b.ts()));
    assertThat(all).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldKeepToTheTimeRangeFromInclusiveToExclusive() {
    EventPage page = events.list("dev-a", START.plusSeconds(5), START.plusSeconds(8), 100, null);

    assertThat(page.events())
        .extracting(e -> e.event().eventId())
        .containsExactly("e-05", "e-06", "e-07");
    assertThat(page.nextCursor()).isEmpty();
    assertThat(events.list("dev-x", START, START.plusSeconds(60), 10, null).events()).isEmpty();
  }

  @Test
  void shouldRejectBadArgumentsNamingThem() {
    Instant to = START.plusSeconds(60);
    assertThatThrownBy(() -> events.list("dev-a", START, to, 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be between 1 and 1000, got 0");
    assertThatThrownBy(() -> events.list("dev-a", START, to, 1001, null))
        .hasMessage("limit must be between 1 and 1000, got 1001");
    assertThatThrownBy(() -> events.list("dev-a", to, START, 10, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("from must be before to, got " + to + " and " + START);
    assertThatThrownBy(() -> events.list("dev-a", START, to, 10, "not-a-cursor!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("afterCursor is not a cursor returned by this listing");
    assertThatThrownBy(() -> events.list(null, START, to, 10, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("deviceId");
  }

  @Test
  void shouldSayWhenTheDatabaseIsUnreachable() {
    PGSimpleDataSource nowhere = new PGSimpleDataSource();
    nowhere.setUrl("jdbc:postgresql://localhost:1/none");
    nowhere.setConnectTimeout(1);

    assertThatThrownBy(() -> new StoredEvents(nowhere).find("x"))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isTrue())
        .hasMessageStartingWith("Reading table events failed: ");
  }
}
