package dev.cornjacket.sinks;

import static dev.cornjacket.sinks.SinkTesting.count;
import static dev.cornjacket.sinks.SinkTesting.event;
import static dev.cornjacket.sinks.SinkTesting.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.SharedPostgres;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once under a crash: the sink runs in a process of its own and is killed with SIGKILL at
 * random points while events flow, then restarted, several times; at the end every event is in
 * {@code events} exactly once, none is missing, and no batch ever found a row already written (so
 * the stored offsets, not {@code ON CONFLICT}, did the work).
 *
 * <p>CI size: 20,000 events, 3 kills. The big run: {@code -Dcornjacket.crash.events=100000
 * -Dcornjacket.crash.kills=10} (see the README).
 */
@ExtendWith({SharedKafka.class, SharedPostgres.class})
@Timeout(value = 30, unit = TimeUnit.MINUTES) // the CI size takes about a minute
class SinkCrashIT {

  private static final Logger log = LoggerFactory.getLogger(SinkCrashIT.class);
  private static final int EVENTS = Integer.getInteger("cornjacket.crash.events", 20_000);
  private static final int KILLS = Integer.getInteger("cornjacket.crash.kills", 3);
  private static final int EVENTS_PER_SECOND = 2000;
  private static final int SIGKILL_EXIT = 128 + 9;
  private static final Pattern UNCHANGED = Pattern.compile("unchanged \\{([^}]*)}");

  @Test
  void shouldStoreEveryEventExactlyOnceAcrossKills(KafkaFixture kafka, PostgresFixture postgres)
      throws Exception {
    String prefix = kafka.uniquePrefix();
    Topics topics = new Topics(prefix);
    SinkTesting.createTopics(kafka.bootstrapServers(), topics, 3);
    String url = SinkTesting.createDatabase(postgres);
    PostgresStore.open(SinkTesting.settings(url)).close(); // the schema, before any sink runs
    String group = prefix + "crash-sink";
    // kept in target/ for a look after a failure
    Path output = Files.createDirectories(Path.of("target")).resolve("sink-crash-test.log");
    Files.deleteIfExists(output);
    SplittableRandom random = new SplittableRandom();
    AtomicInteger sent = new AtomicInteger();
    Instant now = SinkTesting.now();
    Duration wait = Duration.ofSeconds(60 + EVENTS / 500);

    ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
    List<Long> killedAt = new ArrayList<>();
    try (KafkaProducer<String, byte[]> producer = SinkTesting.producer(kafka.bootstrapServers())) {
      // a steady flow in the three event topics, across the kills
      load.scheduleAtFixedRate(
          () -> {
            for (int i = 0; i < EVENTS_PER_SECOND / 20 && sent.get() < EVENTS; i++) {
              int n = sent.getAndIncrement();
              String device = "dev-" + (n % 50);
              EventType type = EventType.values()[n % 3];
              producer.send(
                  new ProducerRecord<>(
                      topics.byType(type).name(),
                      device,
                      json(event(id(n), device, now.plusMillis(n), type))));
            }
          },
          0,
          50,
          TimeUnit.MILLISECONDS);

      for (int kill = 1; kill <= KILLS; kill++) {
        Process sink = startSink(kafka.bootstrapServers(), url, prefix, group, output);
        // kill at a random count of stored rows, spread over the whole stream
        long slice = EVENTS / (KILLS + 1);
        long target = Math.min(EVENTS - 1, kill * slice + random.nextLong(-slice / 2, slice / 2));
        long stored = count(url, "SELECT count(*) FROM events");
        long threshold = Math.max(target, stored + 1);
        await()
            .atMost(wait)
            .pollInterval(Duration.ofMillis(random.nextInt(20, 120)))
            .until(() -> count(url, "SELECT count(*) FROM events") >= threshold || !sink.isAlive());
        assertThat(sink.isAlive()).as("the sink process is running; see %s", output).isTrue();
        sink.destroyForcibly();
        assertThat(sink.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sink.exitValue()).as("killed by SIGKILL").isEqualTo(SIGKILL_EXIT);
        killedAt.add(count(url, "SELECT count(*) FROM events"));
      }

      Process last = startSink(kafka.bootstrapServers(), url, prefix, group, output);
      try {
        await()
            .atMost(wait)
            .until(
                () ->
                    sent.get() == EVENTS
                        && count(url, "SELECT coalesce(sum(next_offset), 0) FROM sink_offsets")
                            == EVENTS);
      } finally {
        last.destroy();
        last.waitFor(30, TimeUnit.SECONDS);
      }
    } finally {
      load.shutdownNow();
    }

    long rows = count(url, "SELECT count(*) FROM events");
    long distinct = count(url, "SELECT count(DISTINCT event_id) FROM events");
    long missing =
        count(
            url,
            "SELECT count(*) FROM generate_series(0, "
                + (EVENTS - 1)
                + ") n WHERE NOT EXISTS (SELECT 1 FROM events WHERE event_id = 'crash-' ||"
                + " lpad(n::text, 7, '0'))");
    List<String> replayed = replayedBatches(output);
    log.info(
        "Crash test: {} events, {} SIGKILLs (rows stored at each: {}); rows {}, distinct ids {},"
            + " missing {}, batches that met already-written rows {}",
        EVENTS,
        KILLS,
        killedAt,
        rows,
        distinct,
        missing,
        replayed.size());
    assertThat(rows).isEqualTo(EVENTS);
    assertThat(distinct).isEqualTo(EVENTS);
    assertThat(missing).isZero();
    assertThat(replayed).as("batches that found rows already written").isEmpty();
    assertThat(Files.readString(output)).doesNotContain("Dead-lettered").contains("Committed");
  }

  private static String id(int n) {
    return "crash-%07d".formatted(n);
  }

  private static Process startSink(
      String bootstrap, String url, String prefix, String group, Path output) throws Exception {
    Path logback = Path.of(SinkCrashIT.class.getResource("/logback-crash-sink.xml").toURI());
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--enable-native-access=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow",
            "-Xmx256m",
            // a quicker start: the kills come every few seconds
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Dlogback.configurationFile=" + logback,
            "-cp",
            System.getProperty("java.class.path"),
            CrashTestSink.class.getName(),
            bootstrap,
            url,
            prefix,
            group)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
        .start();
  }

  /** The batch lines of the sink processes that report rows already stored. */
  private static List<String> replayedBatches(Path output) throws IOException {
    List<String> replayed = new ArrayList<>();
    for (String line : Files.readAllLines(output)) {
      Matcher m = UNCHANGED.matcher(line);
      if (m.find() && m.group(1).matches(".*=[1-9].*")) {
        replayed.add(line);
      }
    }
    return replayed;
  }
}
