package dev.cornjacket.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.config.PostgresSettings;
import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.devstack.EmbeddedPostgresServer;
import dev.cornjacket.sinks.PostgresSink;
import dev.cornjacket.sinks.PostgresStore;
import dev.cornjacket.sinks.SinkOptions;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventSerde;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.PGConnection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The Postgres sink against plain JDBC on the same rows, in the same run, on the same PostgreSQL: a
 * batched {@code INSERT} loop into {@code events} (with its primary key and index) and a {@code
 * COPY} of them, both without Kafka, against the sink reading the rows from Kafka and writing them
 * with their offsets in one transaction per batch. Each path writes into a fresh database with the
 * sink's schema; rates are measured after the first batch.
 */
@Command(
    name = "bench sink",
    mixinStandardHelpOptions = true,
    description = "Postgres sink rows/s against batched INSERT and COPY of the same rows.")
public final class SinkBenchmark implements Callable<Integer> {

  @Option(names = "--rows", description = "Rows per measured run (default ${DEFAULT-VALUE}).")
  int rows = 500_000;

  @Option(
      names = "--rounds",
      description =
          "Measured rounds; each runs every path once, and the table shows each path's median"
              + " (default ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(names = "--warmup", description = "Rows per warm-up run (default ${DEFAULT-VALUE}).")
  int warmup = 200_000;

  @Option(names = "--batch", description = "Rows per transaction (default ${DEFAULT-VALUE}).")
  int batch = 5000;

  @Option(
      names = "--partitions",
      description = "Partitions of each event topic (default ${DEFAULT-VALUE}).")
  int partitions = 6;

  @Option(
      names = "--postgres",
      description =
          "JDBC URL of an existing PostgreSQL (user postgres, no password) to use instead of the"
              + " embedded one; the benchmark creates its own databases there.")
  String postgresUrl;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String COLUMNS =
      "event_id, device_id, type, ts, received_at, source, principal, metrics, attrs";
  private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private final List<String> created = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new SinkBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    System.out.printf(
        "Sink benchmark: %d rounds of %,d rows (warm-up %,d), batches of %,d, %d cores, Java %s%n",
        rounds, rows, warmup, batch, Runtime.getRuntime().availableProcessors(), Runtime.version());
    System.out.printf(
        "(rows: sensor, user_action and system events of 1,000 devices, ~%d bytes as JSON)%n",
        EventSerde.write(event(0)).length);
    Path dir = Files.createTempDirectory("cornjacket-sink-bench-");
    EmbeddedPostgresServer embedded = null;
    try (EmbeddedKafka broker = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
      String serverUrl = postgresUrl;
      if (serverUrl == null) {
        embedded = new EmbeddedPostgresServer(dir.resolve("postgres"), 0).start();
        serverUrl = embedded.jdbcUrl();
      }
      System.out.println("PostgreSQL: " + serverUrl);
      String bootstrap = broker.bootstrapServers();

      // warm-up: every path once, so that the JIT and PostgreSQL's caches settle
      insertLoop(serverUrl, warmup, false);
      insertLoop(serverUrl, warmup, true);
      copy(serverUrl, warmup);
      sink(serverUrl, bootstrap, "warmup.", warmup);

      // round-robin, so that a slow spell of the machine does not hit one path only
      List<Double> inserts = new ArrayList<>();
      List<Double> rewrites = new ArrayList<>();
      List<Double> copies = new ArrayList<>();
      List<Double> sinks = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        System.out.printf("round %d of %d%n", round, rounds);
        inserts.add(insertLoop(serverUrl, rows, false));
        rewrites.add(insertLoop(serverUrl, rows, true));
        copies.add(copy(serverUrl, rows));
        sinks.add(sink(serverUrl, bootstrap, "bench" + round + ".", rows));
      }
      double insert = median(inserts);
      double rewritten = median(rewrites);
      double copy = median(copies);
      double sink = median(sinks);

      double baseline = Math.max(insert, rewritten);
      System.out.println();
      System.out.println("| path (same rows, same PostgreSQL) | rows/s | ratio to baseline |");
      System.out.println("| --- | ---: | ---: |");
      row("batched `INSERT` into `events` (driver defaults)", insert, baseline);
      row("batched `INSERT` into `events`, `reWriteBatchedInserts=true`", rewritten, baseline);
      row("`COPY` into `events`", copy, baseline);
      row(
          "**Postgres sink**: from Kafka, rows and offsets in one transaction per batch",
          sink,
          baseline);
      System.out.printf(
          "%nmedians of %d rounds of %,d rows; baseline: the faster batched INSERT (%,.0f rows/s);"
              + " goal: sink >= 0.90 of it%n",
          rounds, rows, baseline);
      return 0;
    } finally {
      if (embedded != null) {
        embedded.stop();
      } else {
        dropCreatedDatabases(postgresUrl);
      }
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Leaves an existing server as it was. */
  private void dropCreatedDatabases(String serverUrl) throws SQLException {
    try (Connection c = DriverManager.getConnection(serverUrl, "postgres", "");
        Statement s = c.createStatement()) {
      for (String name : created) {
        s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static void row(String path, double rate, double baseline) {
    System.out.printf("| %s | %,.0f | %.2f |%n", path, rate, rate / baseline);
  }

  /** The i-th row: deterministic, so every path writes exactly the same rows. */
  static Event event(int i) {
    String device = "dev-%04d".formatted(i % 1000);
    EventType type = EventType.values()[i % 3];
    Instant ts = BASE.minus(Duration.ofHours(2)).plusMillis(i % 7_200_000);
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (type == EventType.SENSOR) {
      metrics.put("temperature", 15 + (i % 1000) / 100.0);
      metrics.put("humidity", 30 + (i % 700) / 10.0);
    }
    Map<String, String> attrs = type == EventType.SENSOR ? Map.of() : Map.of("by", "user-7");
    return new Event(
        "b-%08d".formatted(i),
        device,
        type,
        ts,
        metrics,
        attrs,
        Map.of(),
        new Event.Ingest(ts.plusMillis(3), "http", "anonymous"));
  }

  /** A fresh database with the sink's schema and partitions; returns its URL. */
  private String freshDatabase(String serverUrl) throws SQLException {
    String name = "cornjacket_bench_" + System.currentTimeMillis() + "_" + (created.size() + 1);
    try (Connection c = DriverManager.getConnection(serverUrl, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    created.add(name);
    String url = serverUrl.substring(0, serverUrl.lastIndexOf('/') + 1) + name;
    PostgresStore.open(settings(url)).close();
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CHECKPOINT");
    }
    return url;
  }

  private PostgresSettings settings(String url) {
    return new PostgresSettings(
        Optional.of(url), "postgres", Optional.empty(), 4, batch, Duration.ofDays(7), 3);
  }

  /** Batched INSERT, one transaction per batch; the rate after the first batch. */
  private double insertLoop(String serverUrl, int count, boolean rewrite) throws Exception {
    String url = freshDatabase(serverUrl) + (rewrite ? "?reWriteBatchedInserts=true" : "");
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO events ("
                    + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)")) {
      c.setAutoCommit(false);
      Timing timing = new Timing();
      for (int from = 0; from < count; from += batch) {
        for (int i = from; i < Math.min(count, from + batch); i++) {
          Event e = event(i);
          insert.setString(1, e.eventId());
          insert.setString(2, e.deviceId());
          insert.setString(3, e.type().wireName());
          insert.setObject(4, OffsetDateTime.ofInstant(e.ts(), ZoneOffset.UTC));
          insert.setObject(5, OffsetDateTime.ofInstant(e.ingest().receivedAt(), ZoneOffset.UTC));
          insert.setString(6, e.ingest().source());
          insert.setString(7, e.ingest().principal());
          insert.setString(8, json(e.metrics()));
          insert.setString(9, json(e.attrs()));
          insert.addBatch();
        }
        insert.executeBatch();
        c.commit();
        timing.batchDone(Math.min(count, from + batch));
      }
      double rate = timing.rate(count);
      System.out.printf(
          "batched INSERT%s: %,d rows, %,.0f rows/s%n", rewrite ? " (rewritten)" : "", count, rate);
      return rate;
    }
  }

  /** COPY straight into the table, one transaction per batch. */
  private double copy(String serverUrl, int count) throws Exception {
    String url = freshDatabase(serverUrl);
    try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
      c.setAutoCommit(false);
      var copyApi = c.unwrap(PGConnection.class).getCopyAPI();
      Timing timing = new Timing();
      StringBuilder text = new StringBuilder(1 << 20);
      for (int from = 0; from < count; from += batch) {
        text.setLength(0);
        for (int i = from; i < Math.min(count, from + batch); i++) {
          Event e = event(i);
          text.append(e.eventId()).append('\t').append(e.deviceId()).append('\t');
          text.append(e.type().wireName()).append('\t').append(e.ts()).append('\t');
          text.append(e.ingest().receivedAt()).append('\t').append(e.ingest().source());
          text.append('\t').append(e.ingest().principal()).append('\t');
          // the generated values hold no tab, newline or backslash: nothing to escape
          text.append(json(e.metrics())).append('\t').append(json(e.attrs())).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        var in = copyApi.copyIn("COPY events (" + COLUMNS + ") FROM STDIN (FORMAT text)");
        in.writeToCopy(bytes, 0, bytes.length);
        in.endCopy();
        c.commit();
        timing.batchDone(Math.min(count, from + batch));
      }
      double rate = timing.rate(count);
      System.out.printf("COPY: %,d rows, %,.0f rows/s%n", count, rate);
      return rate;
    }
  }

  /** The rows through Kafka and the sink: loaded first, then drained by a fresh sink. */
  private double sink(String serverUrl, String bootstrap, String prefix, int count)
      throws Exception {
    Topics topics = new Topics(prefix);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> all = new ArrayList<>();
      for (Topic<?, ?> topic : topics.all()) {
        all.add(new NewTopic(topic.name(), partitions, (short) 1));
      }
      admin.createTopics(all).all().get();
      // KAFKA-15591: a produce that meets a partition its leader has not set up yet can be
      // overtaken by the next one and lost; wait until every partition answers ListOffsets
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (NewTopic topic : all) {
        for (int p = 0; p < partitions; p++) {
          latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
        }
      }
      List<String> names = all.stream().map(NewTopic::name).toList();
      while (!admin.describeTopics(names).allTopicNames().get().values().stream()
          .flatMap(d -> d.partitions().stream())
          .allMatch(p -> p.leader() != null)) {
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
      while (true) {
        try {
          admin.listOffsets(latest).all().get();
          break;
        } catch (ExecutionException notYet) {
          LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
      }
    }
    AtomicReference<Exception> failed = new AtomicReference<>();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                // KAFKA-15591: no request may overtake a retried one
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
                1),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        Event e = event(i);
        producer.send(
            new ProducerRecord<>(topics.byType(e.type()).name(), e.deviceId(), EventSerde.write(e)),
            (metadata, exception) -> {
              if (exception != null) {
                failed.compareAndSet(null, exception);
              }
            });
      }
    }
    if (failed.get() != null) {
      throw new IllegalStateException("Loading the rows into Kafka failed", failed.get());
    }
    String url = freshDatabase(serverUrl);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (PostgresStore store = PostgresStore.open(settings(url));
        PostgresSink sink =
            PostgresSink.start(
                SinkOptions.of(bootstrap, topics, prefix + "sink", batch),
                store.dataSource(),
                registry)) {
      Timing timing = new Timing();
      long written = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      while (written < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "the sink wrote "
                  + written
                  + " of "
                  + count
                  + " rows in 10 minutes: "
                  + sink.status());
        }
        // sample the row counter often; the rate is taken between the first and last samples
        LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        Counter rowsWritten =
            registry.find("cornjacket.sink.rows").tag("table", "events").counter();
        long now = rowsWritten == null ? 0 : (long) rowsWritten.count();
        if (now > written) {
          written = now;
          timing.batchDone(written);
        }
      }
      double rate = timing.rate(count);
      System.out.printf("Postgres sink: %,d rows, %,.0f rows/s%n", count, rate);
      return rate;
    }
  }

  private static String json(Map<String, ?> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Time from the end of the first batch to the end of the last one. */
  private static final class Timing {
    private long firstNanos;
    private long firstRows;
    private long lastNanos;

    void batchDone(long rowsSoFar) {
      long now = System.nanoTime();
      if (firstRows == 0) {
        firstNanos = now;
        firstRows = rowsSoFar;
      }
      lastNanos = now;
    }

    double rate(long totalRows) {
      return (totalRows - firstRows) / ((lastNanos - firstNanos) / 1e9);
    }
  }
}
