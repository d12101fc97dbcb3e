package dev.cornjacket.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cornjacket.app.TopicProvisioner;
import dev.cornjacket.app.simulate.HttpEventSink;
import dev.cornjacket.app.simulate.SimulatedDevices;
import dev.cornjacket.app.simulate.Simulation;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.devstack.EmbeddedPostgresServer;
import dev.cornjacket.http.HttpServer;
import dev.cornjacket.http.IngestProducerConfig;
import dev.cornjacket.topology.RawEnvelopeSerde;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end benchmark: in one run, on the embedded stack, with events of the same simulated
 * devices: (1) the raw Kafka producer, (2) HTTP ingest and its ratio to (1), (3) the whole pipeline
 * with exactly-once on, from HTTP to rows in PostgreSQL and to the query API, sustained and at a
 * fixed rate, (4) the heap and resident memory of the instance that ran (3), holding the state of
 * all the devices. Prints a table and writes the figures as JSON.
 */
@Command(
    name = "bench e2e",
    mixinStandardHelpOptions = true,
    description = "Raw producer, HTTP ingest, end-to-end throughput and latency, and memory.")
public final class E2eBenchmark implements Callable<Integer> {

  private static final int DISTINCT_BATCHES = 200;

  @Option(names = "--devices", description = "Simulated devices (default ${DEFAULT-VALUE}).")
  int devices = 10_000;

  @Option(
      names = "--events",
      description = "Events per round of 1 and 2 (default ${DEFAULT-VALUE}).")
  int events = 1_000_000;

  @Option(
      names = "--warmup",
      description = "Warm-up events for 1 and 2 (default ${DEFAULT-VALUE}).")
  int warmup = 2_000_000;

  @Option(names = "--clients", description = "Concurrent senders (default ${DEFAULT-VALUE}).")
  int clients = 8;

  @Option(
      names = "--rounds",
      description =
          "Measured rounds of 1 and 2, alternated; the median of each counts (default"
              + " ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(
      names = "--batch",
      description = "Events per request or batch (default ${DEFAULT-VALUE}).")
  int batch = 500;

  @Option(
      names = "--e2e-events",
      description = "Events sent as fast as possible in phase 3 (default ${DEFAULT-VALUE}).")
  int e2eEvents = 500_000;

  @Option(
      names = "--e2e-warmup",
      description =
          "Events sent to the instance and stored before 3 is measured, 0 for none (default"
              + " ${DEFAULT-VALUE}).")
  int e2eWarmup = 100_000;

  @Option(
      names = "--fixed-rate",
      description = "Events/s of the latency measurement in phase 3 (default ${DEFAULT-VALUE}).")
  int fixedRate = 5_000;

  @Option(
      names = "--fixed-seconds",
      description = "How long the fixed rate runs (default ${DEFAULT-VALUE}).")
  int fixedSeconds = 60;

  @Option(
      names = "--fixed-warmup-seconds",
      description =
          "How long the fixed rate runs unmeasured first, then the backlog is awaited: the"
              + " steady-rate paths of the load generator and the instance get compiled by the JIT"
              + " before their latency counts (default ${DEFAULT-VALUE}; 0: none).")
  int fixedWarmupSeconds = 20;

  @Option(
      names = "--sample-every",
      description =
          "Follow one event in N to Postgres and the API (default ${DEFAULT-VALUE}: 20 samples/s"
              + " at 5,000 events/s; the probe's queries load the instance it measures, so keep"
              + " the sample sparse).")
  int sampleEvery = 250;

  @Option(
      names = "--light-share",
      description =
          "Measure the latency again at this share of the sustained rate, a load the pipeline"
              + " carries with room to spare, so that its own latency shows next to that of the"
              + " fixed rate (default ${DEFAULT-VALUE}; 0: not at all).")
  double lightShare = 0.5;

  @Option(
      names = "--instance-java-opts",
      description = "JVM options of the instance under test (default: none).")
  String instanceJavaOpts = "";

  @Option(
      names = "--json",
      description = "Where the figures go (default target/bench-e2e.json of the checkout).")
  Path json;

  @Option(
      names = "--samples",
      paramLabel = "FILE",
      description =
          "Also write every latency sample of the measured fixed-rate phases to this CSV file"
              + " (phase, kind, acknowledged at, latency in ms, device), to line slow ones up"
              + " with the instance's log (default: not written).")
  Path samples;

  @Option(
      names = "--smoke",
      description = "A short run to check the benchmark works (loaded machines): small counts.")
  boolean smoke;

  @Option(
      names = "--instance-setting",
      paramLabel = "NAME=VALUE",
      description =
          "A setting of the instance under test, e.g. CORNJACKET_ANOMALY_ENABLED=false"
              + " (repeatable).")
  Map<String, String> instanceSettings = new LinkedHashMap<>();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new E2eBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (smoke) {
      CommandLine.ParseResult given = spec.commandLine().getParseResult();
      events = given.hasMatchedOption("--events") ? events : 100_000;
      warmup = given.hasMatchedOption("--warmup") ? warmup : 100_000;
      e2eEvents = given.hasMatchedOption("--e2e-events") ? e2eEvents : 50_000;
      e2eWarmup = given.hasMatchedOption("--e2e-warmup") ? e2eWarmup : 20_000;
      fixedSeconds = given.hasMatchedOption("--fixed-seconds") ? fixedSeconds : 10;
      fixedWarmupSeconds =
          given.hasMatchedOption("--fixed-warmup-seconds") ? fixedWarmupSeconds : 5;
    }
    if (samples != null) {
      Files.deleteIfExists(samples); // this run's samples only
    }
    Path dir = Files.createTempDirectory("cornjacket-bench-e2e-");
    Map<String, Object> machine = machine();
    System.out.printf(
        "End-to-end benchmark: %,d devices; %,d events (+%,d warm-up) for 1 and 2; %,d events"
            + " then %,d events/s for %d s for 3; %s%n",
        devices, events, warmup, e2eEvents, fixedRate, fixedSeconds, machine);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("machine", machine);
    try (EmbeddedKafka broker = new EmbeddedKafka(dir.resolve("kafka"), 0).start();
        EmbeddedPostgresServer postgres =
            new EmbeddedPostgresServer(dir.resolve("postgres"), 0).start()) {
      // 1 and 2: the same events, as envelopes for the producer and as NDJSON for HTTP
      SimulatedDevices generator = new SimulatedDevices(devices, SimulatedDevices.Rates.NONE, 42);
      int distinct = Math.min(DISTINCT_BATCHES, Math.max(1, events / batch));
      List<byte[]> bodies = new ArrayList<>(distinct);
      List<List<BaselineSender.Record>> records = new ArrayList<>(distinct);
      for (int b = 0; b < distinct; b++) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(batch * 300);
        List<BaselineSender.Record> envelopes = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
          SimulatedDevices.Generated event = generator.next(System.currentTimeMillis());
          body.writeBytes(event.json());
          body.write('\n');
          envelopes.add(
              new BaselineSender.Record(
                  event.deviceId(),
                  RawEnvelopeSerde.encode(event.json(), Instant.now(), "http", "anonymous")));
        }
        bodies.add(body.toByteArray());
        records.add(envelopes);
      }
      CornjacketConfig ingestConfig = config(broker.bootstrapServers(), "ingest.");
      Topics ingestTopics = new Topics("ingest.");
      List<String> names = new ArrayList<>(ingestTopics.all().stream().map(Topic::name).toList());
      names.add("ingest.baseline");
      new TopicProvisioner(ingestConfig.kafka(), Duration.ofSeconds(30)).ensure(names);

      IngestComparison.Outcome ingest;
      try (BaselineSender baselineSender =
              new BaselineSender(
                  IngestProducerConfig.of(broker.bootstrapServers(), ingestConfig.kafka()),
                  "ingest.baseline");
          HttpServer server =
              HttpServer.start(
                  ingestConfig.http(), ingestConfig.kafka(), ingestTopics, List.of())) {
        System.out.printf(
            "1 and 2. Raw Kafka producer and HTTP ingest, %d alternating rounds:%n", rounds);
        ingest =
            IngestComparison.run(
                baselineSender,
                records,
                new HttpSender("http://localhost:" + server.port() + "/api/v1/events"),
                bodies,
                new IngestComparison.Load(warmup, events, batch, clients, rounds),
                line -> System.out.println("   " + line));
      }
      PhaseResult baseline = ingest.baseline();
      PhaseResult http = ingest.http();
      System.out.println("   median " + baseline.describe("raw Kafka producer"));
      System.out.println("   median " + http.describe("HTTP ingest"));
      figures.put("baseline", phase(baseline));
      figures.put("http_ingest", phase(http));
      figures.put(
          "baseline_rounds_events_per_second",
          ingest.baselineRounds().stream().map(r -> round(r.eventsPerSecond())).toList());
      figures.put(
          "http_ingest_rounds_events_per_second",
          ingest.httpRounds().stream().map(r -> round(r.eventsPerSecond())).toList());
      double ingestRatio = ingest.ratio();
      figures.put("http_ingest_ratio", round(ingestRatio));

      // 3 and 4: one all-roles instance in its own JVM
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("CORNJACKET_KAFKA_BOOTSTRAP", broker.bootstrapServers());
      settings.put("CORNJACKET_KAFKA_TOPIC_PREFIX", "e2e.");
      settings.put("CORNJACKET_KAFKA_PARTITIONS", "6");
      settings.put("CORNJACKET_ROLES", "ingest,streams,sinks,actions");
      settings.put("CORNJACKET_AUTH_MODE", "none"); // throughput, not tokens, is measured here
      settings.put("CORNJACKET_DATA_DIR", dir.resolve("instance").toString());
      settings.put("CORNJACKET_PG_URL", postgres.jdbcUrl());
      settings.put("CORNJACKET_STREAMS_STANDBY_REPLICAS", "0");
      settings.putAll(instanceSettings);
      figures.put(
          "instance_settings",
          settings.entrySet().stream()
              .filter(
                  e ->
                      !e.getKey().equals("CORNJACKET_KAFKA_BOOTSTRAP")
                          && !e.getKey().equals("CORNJACKET_PG_URL")
                          && !e.getKey().equals("CORNJACKET_DATA_DIR"))
              .collect(
                  java.util.stream.Collectors.toMap(
                      Map.Entry::getKey, Map.Entry::getValue, (a, b) -> b, LinkedHashMap::new)));
      System.out.println("3. End to end: starting one instance with every role...");
      Map<String, AtomicInteger> perDevice = new ConcurrentHashMap<>();
      try (InstanceProcess instance =
          InstanceProcess.start(
              settings,
              instanceJavaOpts.isBlank()
                  ? List.of()
                  : Arrays.asList(instanceJavaOpts.trim().split("\\s+")),
              dir)) {
        String api = "http://localhost:" + instance.httpPort();
        CpuMeter cpu = new CpuMeter(instance.pid(), postgres.dataDir());
        if (e2eWarmup > 0) {
          System.out.printf(
              "   warming up the instance with %,d events (JIT, every device's first readings)...%n",
              e2eWarmup);
          Map<String, Object> warm =
              sustained(
                  api,
                  postgres.jdbcUrl(),
                  broker.bootstrapServers(),
                  cpu,
                  perDevice,
                  e2eWarmup,
                  41);
          figures.put("end_to_end_warmup", warm);
        }
        Map<String, Object> sustained =
            sustained(
                api, postgres.jdbcUrl(), broker.bootstrapServers(), cpu, perDevice, e2eEvents, 42);
        figures.put("end_to_end_sustained", sustained);
        if (fixedWarmupSeconds > 0) {
          warmFixedRate(api, postgres.jdbcUrl(), broker.bootstrapServers(), perDevice, fixedRate);
        }
        Map<String, Object> fixed =
            fixedRate(api, postgres.jdbcUrl(), cpu, perDevice, fixedRate, "fixed");
        figures.put("end_to_end_fixed_rate", fixed);
        Map<String, Object> light = null;
        double sustainedRate = (Double) sustained.get("events_per_second");
        if (lightShare > 0) {
          int lightRate = (int) Math.max(100, Math.floor(sustainedRate * lightShare / 100) * 100);
          System.out.printf(
              "   waiting for any backlog, then %,d events/s (%.0f %% of the %,.0f sustained)...%n",
              lightRate, lightShare * 100, sustainedRate);
          awaitBacklog(broker.bootstrapServers());
          light = fixedRate(api, postgres.jdbcUrl(), cpu, perDevice, lightRate, "light");
          figures.put("end_to_end_light_rate", light);
        }

        System.out.println("4. Memory of the instance, holding " + perDevice.size() + " devices");
        long heap = instance.heapAfterGcBytes();
        long rss = instance.rssBytes();
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("devices", perDevice.size());
        memory.put("heap_after_gc_mib", round(heap / 1048576.0));
        memory.put("rss_mib", round(rss / 1048576.0));
        memory.put("jvm_options", instanceJavaOpts);
        figures.put("memory", memory);
        printTable(baseline, http, ingestRatio, sustained, fixed, light, memory);
      }
    } finally {
      Path log = dir.resolve("instance.log");
      if (Files.exists(log)) {
        Path kept =
            Path.of(System.getProperty("cornjacket.root", "."), "target", "bench-e2e-instance.log");
        Files.createDirectories(kept.toAbsolutePath().getParent());
        Files.copy(log, kept, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("The instance's log: " + kept.toAbsolutePath().normalize());
      }
      deleteRecursively(dir);
    }
    Path out =
        json != null
            ? json
            : Path.of(System.getProperty("cornjacket.root", "."), "target", "bench-e2e.json");
    Files.createDirectories(out.toAbsolutePath().getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), figures);
    System.out.println("\nFigures written to " + out.toAbsolutePath().normalize());
    return 0;
  }

  /**
   * Sends {@code count} events (of generator {@code seed}: another seed, other event ids) as fast
   * as the instance takes them; until the last row is stored.
   */
  private Map<String, Object> sustained(
      String api,
      String jdbcUrl,
      String bootstrap,
      CpuMeter cpu,
      Map<String, AtomicInteger> perDevice,
      int count,
      long seed)
      throws Exception {
    long before;
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
      before = rows(db);
    }
    CpuMeter.Reading cpuBefore = cpu.read();
    long consumedBefore = streamsConsumed(bootstrap);
    SimulatedDevices generator = new SimulatedDevices(devices, SimulatedDevices.Rates.NONE, seed);
    long start = System.nanoTime();
    Simulation.Summary summary;
    try (HttpEventSink sink = new HttpEventSink(api, null)) {
      Simulation simulation =
          new Simulation(
              generator,
              sink,
              new Simulation.Options(1e9, Duration.ZERO, batch, clients, Duration.ZERO)
                  .withMaxEvents(count),
              ack ->
                  ack.events()
                      .forEach(e -> LatencyProbe.countAcknowledged(perDevice, e.deviceId())));
      summary = simulation.run(null);
    }
    double acceptSeconds = (System.nanoTime() - start) / 1e9;
    long target = before + summary.accepted();
    long stored;
    long lastReport = System.nanoTime();
    // One connection, and polls spaced by the expected time to go: counting a table of hundreds
    // of thousands of rows every 50 ms on a new connection took a good share of PostgreSQL's CPU
    // from the pipeline it measures.
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
      while ((stored = rows(db)) < target) {
        long now = System.nanoTime();
        if (now - start > Duration.ofMinutes(10).toNanos()) {
          throw new IllegalStateException(
              "Only " + (stored - before) + " of " + summary.accepted() + " rows after 10 minutes");
        }
        if (now - lastReport > 5_000_000_000L) {
          lastReport = now;
          System.out.printf(
              "   [%4.0fs] consumed by the streams %,d of %,d; rows in PostgreSQL %,d%n",
              (lastReport - start) / 1e9,
              streamsConsumed(bootstrap) - consumedBefore,
              rawEnd(bootstrap) - consumedBefore,
              stored - before);
        }
        Thread.sleep(pollMillis(stored - before, target - stored, (now - start) / 1e6));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Map<String, Object> cpuPerEvent =
        CpuMeter.perEvent(cpuBefore, cpu.read(), summary.accepted(), seconds);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("events", summary.accepted());
    result.put("failed", summary.failed());
    result.put("http_accept_events_per_second", round(summary.accepted() / acceptSeconds));
    result.put("events_per_second", round(summary.accepted() / seconds));
    result.put("seconds", round(seconds));
    result.put("cpu", cpuPerEvent);
    System.out.printf(
        "   sustained: %,d events accepted in %.1f s, all stored in PostgreSQL after %.1f s:"
            + " %,.0f events/s end to end%n   %s%n",
        summary.accepted(),
        acceptSeconds,
        seconds,
        summary.accepted() / seconds,
        CpuMeter.describe(cpuPerEvent));
    return result;
  }

  /** Waits (at most 3 minutes) until the streams have consumed everything ingest wrote. */
  private static void awaitBacklog(String bootstrap) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    // transaction markers take offsets too: the streams' committed offsets end at the log end
    long behind;
    while ((behind = rawEnd(bootstrap) - streamsConsumed(bootstrap)) > 0) {
      if (System.nanoTime() > deadline) {
        System.out.printf(
            "   warning: the streams are still %,d events behind after 3 minutes; measuring"
                + " anyway, so the next latencies include that backlog%n",
            behind);
        return;
      }
      Thread.sleep(500);
    }
  }

  /**
   * Sends at {@code rate} for {@link #fixedWarmupSeconds}, unmeasured, with a latency probe whose
   * figures are dropped, then waits for the streams to work off any backlog. Before it the instance
   * has only seen large batches as fast as it takes them; a steady rate brings in other paths
   * (small requests, small fetches, the simulator's pacing, and the probe's queries of the API:
   * more requests than the events' own), which the JIT compilers of both JVMs then compile for tens
   * of seconds on the same two cores (0.25-0.3 cores each in a JFR recording of the first 20 s).
   */
  private void warmFixedRate(
      String api, String jdbcUrl, String bootstrap, Map<String, AtomicInteger> perDevice, int rate)
      throws Exception {
    System.out.printf(
        "   %,d events/s for %d s, not measured (the JIT compiles the steady-rate paths)...%n",
        rate, fixedWarmupSeconds);
    SimulatedDevices generator = new SimulatedDevices(devices, SimulatedDevices.Rates.NONE, 44);
    try (HttpEventSink sink = new HttpEventSink(api, null);
        LatencyProbe probe = new LatencyProbe(jdbcUrl, api, perDevice, sampleEvery)) {
      new Simulation(
              generator,
              sink,
              new Simulation.Options(
                  rate,
                  Duration.ofSeconds(fixedWarmupSeconds),
                  batch,
                  clients,
                  Duration.ofMillis(20)),
              ack -> ack.events().forEach(e -> probe.acknowledged(e, ack.ackNanos())))
          .run(null);
      probe.drain(Duration.ofSeconds(60));
    }
    awaitBacklog(bootstrap);
  }

  /** Sends at {@code rate} and follows a sample of events to Postgres and the query API. */
  private Map<String, Object> fixedRate(
      String api,
      String jdbcUrl,
      CpuMeter cpu,
      Map<String, AtomicInteger> perDevice,
      int rate,
      String phase)
      throws Exception {
    SimulatedDevices generator = new SimulatedDevices(devices, SimulatedDevices.Rates.NONE, 43);
    Simulation.Summary summary;
    int missing;
    Histogram toRow;
    Histogram toQuery;
    Map<String, Object> cpuPerEvent;
    try (HttpEventSink sink = new HttpEventSink(api, null);
        LatencyProbe probe = new LatencyProbe(jdbcUrl, api, perDevice, sampleEvery)) {
      Simulation simulation =
          new Simulation(
              generator,
              sink,
              new Simulation.Options(
                  rate, Duration.ofSeconds(fixedSeconds), batch, clients, Duration.ofMillis(20)),
              ack -> ack.events().forEach(e -> probe.acknowledged(e, ack.ackNanos())));
      System.out.printf("   %,d events/s for %d s...%n", rate, fixedSeconds);
      CpuMeter.Reading cpuBefore = cpu.read();
      long start = System.nanoTime();
      summary = simulation.run(null);
      missing = probe.drain(Duration.ofSeconds(60));
      // until the last sample was seen: the events sent, their processing, and the probe's queries
      cpuPerEvent =
          CpuMeter.perEvent(
              cpuBefore, cpu.read(), summary.accepted(), (System.nanoTime() - start) / 1e9);
      toRow = probe.toRow();
      toQuery = probe.toQuery();
      writeSamples(phase, probe.seen());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("target_events_per_second", rate);
    result.put("achieved_events_per_second", round(summary.eventsPerSecond()));
    result.put("failed", summary.failed());
    result.put("ack_p50_ms", round(summary.ackP50Millis()));
    result.put("ack_p99_ms", round(summary.ackP99Millis()));
    result.put("samples", toRow.getTotalCount());
    result.put("samples_not_seen", missing);
    result.put("accepted_to_row_p50_ms", millis(toRow, 50));
    result.put("accepted_to_row_p99_ms", millis(toRow, 99));
    result.put("accepted_to_queryable_p50_ms", millis(toQuery, 50));
    result.put("accepted_to_queryable_p99_ms", millis(toQuery, 99));
    result.put("cpu", cpuPerEvent);
    System.out.printf(
        "   at %,.0f events/s: 202 -> row p50 %.0f ms p99 %.0f ms; 202 -> queryable p50 %.0f ms"
            + " p99 %.0f ms (%d samples, %d not seen)%n   %s%n",
        summary.eventsPerSecond(),
        millis(toRow, 50),
        millis(toRow, 99),
        millis(toQuery, 50),
        millis(toQuery, 99),
        toRow.getTotalCount(),
        missing,
        CpuMeter.describe(cpuPerEvent));
    return result;
  }

  /** Appends the phase's samples to {@link #samples}, with a header when the file is new. */
  private void writeSamples(String phase, List<LatencyProbe.Seen> seen) throws IOException {
    if (samples == null) {
      return;
    }
    List<String> lines = new ArrayList<>();
    if (!Files.exists(samples) || Files.size(samples) == 0) {
      lines.add("phase,kind,acknowledged_at,latency_ms,device_id");
    }
    for (LatencyProbe.Seen s : seen) {
      lines.add(
          String.join(
              ",",
              phase,
              s.kind(),
              s.acknowledgedAt().toString(),
              String.format(Locale.ROOT, "%.1f", s.latencyMillis()),
              s.deviceId()));
    }
    Files.write(samples, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static void printTable(
      PhaseResult baseline,
      PhaseResult http,
      double ingestRatio,
      Map<String, Object> sustained,
      Map<String, Object> fixed,
      Map<String, Object> light,
      Map<String, Object> memory) {
    double e2e = (Double) sustained.get("events_per_second");
    System.out.println();
    System.out.println("| measure | value | ratio to baseline | goal |");
    System.out.println("| --- | ---: | ---: | --- |");
    System.out.printf(
        Locale.ROOT,
        "| 1. raw Kafka producer (baseline) | %,.0f events/s | 1.00 | |%n",
        baseline.eventsPerSecond());
    System.out.printf(
        Locale.ROOT,
        "| 2. HTTP ingest, NDJSON (ack p50 %.1f ms, p99 %.1f ms) | %,.0f events/s | %.2f | ≥ 0.5 |%n",
        http.p50Millis(),
        http.p99Millis(),
        http.eventsPerSecond(),
        ingestRatio);
    System.out.printf(
        Locale.ROOT,
        "| 3. end to end, exactly-once, HTTP → PostgreSQL, sustained | %,.0f events/s | %.2f |"
            + " ≥ 0.2 and ≥ 10,000/s |%n",
        e2e,
        e2e / baseline.eventsPerSecond());
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> cpu = (Map<String, Map<String, Object>>) sustained.get("cpu");
    System.out.printf(
        Locale.ROOT,
        "| 3. CPU per event: instance / broker and clients / PostgreSQL (cores busy) | %.0f / %.0f"
            + " / %.0f µs (%.2f) | | |%n",
        cpu.get("instance").get("micros_per_event"),
        cpu.get("broker_and_clients").get("micros_per_event"),
        cpu.get("postgres").get("micros_per_event"),
        cpu.get("all").get("cores"));
    System.out.printf(
        Locale.ROOT,
        "| 3. at %,d events/s: 202 → row in PostgreSQL, p50 / p99 | %.0f / %.0f ms | | |%n",
        fixed.get("target_events_per_second"),
        fixed.get("accepted_to_row_p50_ms"),
        fixed.get("accepted_to_row_p99_ms"));
    System.out.printf(
        Locale.ROOT,
        "| 3. at %,d events/s: 202 → queryable via the API, p50 / p99 | %.0f / %.0f ms | |"
            + " p99 < 500 ms |%n",
        fixed.get("target_events_per_second"),
        fixed.get("accepted_to_queryable_p50_ms"),
        fixed.get("accepted_to_queryable_p99_ms"));
    if (light != null) {
      System.out.printf(
          Locale.ROOT,
          "| 3. at %,d events/s (%.0f %% of sustained): 202 → queryable via the API, p50 / p99 |"
              + " %.0f / %.0f ms | | |%n",
          light.get("target_events_per_second"),
          (Integer) light.get("target_events_per_second") * 100 / e2e,
          light.get("accepted_to_queryable_p50_ms"),
          light.get("accepted_to_queryable_p99_ms"));
    }
    System.out.printf(
        Locale.ROOT,
        "| 4. one all-roles instance at %,d devices: heap after GC / RSS | %.0f / %.0f MiB | |"
            + " heap < 512 MiB |%n",
        memory.get("devices"),
        memory.get("heap_after_gc_mib"),
        memory.get("rss_mib"));
  }

  private static CornjacketConfig config(String bootstrap, String prefix) {
    return ConfigLoader.load(
            Map.of(
                "CORNJACKET_KAFKA_BOOTSTRAP",
                bootstrap,
                "CORNJACKET_HTTP_PORT",
                "0",
                "CORNJACKET_KAFKA_TOPIC_PREFIX",
                prefix,
                "CORNJACKET_KAFKA_PARTITIONS",
                "6"),
            Optional.empty())
        .config();
  }

  /** Offsets of the raw topic the streams have committed (what they have processed). */
  private static long streamsConsumed(String bootstrap) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap))) {
      return admin
          .listConsumerGroupOffsets("cornjacket")
          .partitionsToOffsetAndMetadata()
          .get()
          .entrySet()
          .stream()
          .filter(e -> e.getKey().topic().equals("e2e.events.raw") && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    }
  }

  /** End offsets of the raw topic (what ingest has written, transaction markers aside). */
  private static long rawEnd(String bootstrap) throws Exception {
    try (org.apache.kafka.clients.admin.Admin admin =
        org.apache.kafka.clients.admin.Admin.create(
            Map.of(
                org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap))) {
      Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>
          request = new java.util.HashMap<>();
      for (int p = 0; p < 6; p++) {
        request.put(
            new org.apache.kafka.common.TopicPartition("e2e.events.raw", p),
            org.apache.kafka.clients.admin.OffsetSpec.latest());
      }
      return admin.listOffsets(request).all().get().values().stream()
          .mapToLong(org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo::offset)
          .sum();
    }
  }

  /**
   * Half the expected time until the last row, from the rate so far: between 50 ms (the end is
   * near) and a second (early on, or no progress yet).
   */
  static long pollMillis(long storedSoFar, long remaining, double elapsedMillis) {
    if (storedSoFar <= 0 || elapsedMillis <= 0) {
      return 1000;
    }
    double expected = remaining / (storedSoFar / elapsedMillis);
    return (long) Math.clamp(expected / 2, 50, 1000);
  }

  private static long rows(Connection c) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM events")) {
      r.next();
      return r.getLong(1);
    } catch (java.sql.SQLException e) {
      if ("42P01".equals(e.getSQLState())) {
        return 0; // the sink has not created its tables yet
      }
      throw e;
    }
  }

  private static Map<String, Object> machine() {
    Map<String, Object> machine = new LinkedHashMap<>();
    machine.put("cores", Runtime.getRuntime().availableProcessors());
    machine.put("java", Runtime.version().toString());
    machine.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vendor"));
    machine.put(
        "load_average",
        round(
            java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()));
    machine.put("time", Instant.now().toString());
    return machine;
  }

  private static Map<String, Object> phase(PhaseResult result) {
    Map<String, Object> phase = new LinkedHashMap<>();
    phase.put("events", result.events());
    phase.put("events_per_second", round(result.eventsPerSecond()));
    phase.put("ack_p50_ms", round(result.p50Millis()));
    phase.put("ack_p99_ms", round(result.p99Millis()));
    phase.put("cpu_us_per_event", round(result.cpuMicrosPerEvent()));
    phase.put("failed_batches", result.failures());
    return phase;
  }

  private static double millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? Double.NaN : round(h.getValueAtPercentile(percentile) / 1000.0);
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
