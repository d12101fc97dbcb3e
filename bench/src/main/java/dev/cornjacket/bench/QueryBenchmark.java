package dev.cornjacket.bench;

import dev.cornjacket.app.Platform;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.http.query.QueryResult;
import dev.cornjacket.http.query.StoreQueries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Query latency of {@code GET /api/v1/devices/{id}} on two instances sharing the embedded broker,
 * while events are ingested at a steady rate: read in-process from the store (baseline), over HTTP
 * from the instance that owns the device (local), and over HTTP from the other instance, which
 * proxies to the owner (routed). One client thread, closed loop, same devices for every phase.
 */
@Command(
    name = "bench queries",
    mixinStandardHelpOptions = true,
    description = "Interactive query latency: in-process store read, local HTTP, routed HTTP.")
public final class QueryBenchmark implements Callable<Integer> {

  @Option(names = "--devices", description = "Devices (default ${DEFAULT-VALUE}).")
  int devices = 10_000;

  @Option(names = "--queries", description = "Queries per phase (default ${DEFAULT-VALUE}).")
  int queries = 20_000;

  @Option(
      names = "--ingest-rate",
      description = "Events/s ingested during the queries (default ${DEFAULT-VALUE}).")
  int ingestRate = 2_000;

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  public static void main(String[] args) {
    System.exit(new CommandLine(new QueryBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    System.out.printf(
        "Query benchmark: %,d devices, %,d queries per phase, ingest %,d events/s, %d cores, Java"
            + " %s%n",
        devices,
        queries,
        ingestRate,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    Path dir = Files.createTempDirectory("cj-bench-queries");
    try (EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
      Platform a = Platform.start(config(kafka.bootstrapServers(), dir.resolve("a")));
      Platform b = Platform.start(config(kafka.bootstrapServers(), dir.resolve("b")));
      try {
        awaitRunning(a, b);
        System.out.printf("Loading %,d devices...%n", devices);
        for (int from = 0; from < devices; from += 1000) {
          post(a, batch(from, Math.min(devices, from + 1000), Instant.now()));
        }
        List<String> ownedByA = new ArrayList<>();
        List<String> ownedByB = new ArrayList<>();
        String selfA = a.queries().orElseThrow().self();
        for (int d = 0; d < devices; d++) {
          String device = "dev-" + d;
          HttpResponse<String> response = awaitDevice(a, device);
          String servedBy = response.headers().firstValue("X-Served-By").orElseThrow();
          (servedBy.equals(selfA) ? ownedByA : ownedByB).add(device);
        }
        System.out.printf(
            "Owners: %,d devices on instance A, %,d on B%n", ownedByA.size(), ownedByB.size());

        AtomicBoolean ingesting = new AtomicBoolean(true);
        AtomicLong ingested = new AtomicLong();
        Thread ingest = Thread.ofPlatform().start(() -> ingestSteadily(a, ingesting, ingested));
        long started = System.nanoTime();
        StoreQueries inProcess = a.queries().orElseThrow();
        Histogram baseline =
            measure(
                ownedByA,
                device -> {
                  if (!(inProcess.device(device, StoreQueries.Hop.ACTIVE, "")
                      instanceof QueryResult.Found<?>)) {
                    throw new IllegalStateException("in-process read failed for " + device);
                  }
                });
        Histogram local = measure(ownedByA, device -> expectOk(get(a, device)));
        Histogram routed = measure(ownedByB, device -> expectOk(get(a, device)));
        double seconds = (System.nanoTime() - started) / 1e9;
        ingesting.set(false);
        ingest.join();

        System.out.printf(
            "%nIngest during the queries: %,.0f events/s%n", ingested.get() / seconds);
        System.out.println();
        System.out.println("| read | p50 | p99 | max | queries/s |");
        System.out.println("| --- | --- | --- | --- | --- |");
        row("in-process store read (baseline)", baseline);
        row("HTTP, local owner", local);
        row("HTTP, routed to the owner", routed);
      } finally {
        a.close();
        b.close();
      }
    }
    return 0;
  }

  private interface Query {
    void run(String device) throws Exception;
  }

  private Histogram measure(List<String> devicesToRead, Query query) throws Exception {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    // Warm-up: a tenth of the queries, not recorded.
    for (int i = 0; i < queries / 10; i++) {
      query.run(devicesToRead.get(i % devicesToRead.size()));
    }
    long start = System.nanoTime();
    for (int i = 0; i < queries; i++) {
      long t0 = System.nanoTime();
      query.run(devicesToRead.get((i * 7919) % devicesToRead.size()));
      histogram.recordValue(System.nanoTime() - t0);
    }
    histogram.setTag(Double.toString(queries / ((System.nanoTime() - start) / 1e9)));
    return histogram;
  }

  private static void row(String name, Histogram h) {
    System.out.printf(
        "| %s | %.2f ms | %.2f ms | %.1f ms | %,.0f |%n",
        name,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6,
        Double.parseDouble(h.getTag()));
  }

  private void ingestSteadily(Platform target, AtomicBoolean running, AtomicLong ingested) {
    int perTick = Math.max(1, ingestRate / 10);
    long next = System.nanoTime();
    int device = 0;
    while (running.get()) {
      try {
        post(target, batch(device, device + perTick, Instant.now()));
        ingested.addAndGet(perTick);
        device = (device + perTick) % Math.max(1, devices - perTick);
        next += 100_000_000L;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      } catch (Exception e) {
        throw new IllegalStateException("ingest during the benchmark failed", e);
      }
    }
  }

  private static String batch(int from, int to, Instant ts) {
    StringBuilder body = new StringBuilder();
    for (int d = from; d < to; d++) {
      body.append("{\"device_id\":\"dev-")
          .append(d)
          .append("\",\"type\":\"sensor\",\"ts\":")
          .append(ts.toEpochMilli())
          .append(",\"metrics\":{\"temp\":")
          .append(20 + d % 10)
          .append(",\"hum\":")
          .append(40 + d % 7)
          .append("}}\n");
    }
    return body.toString();
  }

  private static void post(Platform target, String ndjson) throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(
                    URI.create("http://localhost:" + target.httpPort() + "/api/v1/events"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 202) {
      throw new IllegalStateException("ingest answered " + response.statusCode());
    }
  }

  private static HttpResponse<String> get(Platform target, String device) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(
                URI.create("http://localhost:" + target.httpPort() + "/api/v1/devices/" + device))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void expectOk(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "query answered " + response.statusCode() + ": " + response.body());
    }
  }

  private static HttpResponse<String> awaitDevice(Platform target, String device) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      HttpResponse<String> response = get(target, device);
      if (response.statusCode() == 200) {
        return response;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(device + " not queryable: " + response.body());
      }
      TimeUnit.MILLISECONDS.sleep(50); // waiting for the topology to catch up, not a retry loop
    }
  }

  private static void awaitRunning(Platform... platforms) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (Platform platform : platforms) {
      while (platform.streamsState().orElseThrow() != KafkaStreams.State.RUNNING) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("streams did not reach RUNNING");
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  private static CornjacketConfig config(String bootstrap, Path dataDir) {
    return ConfigLoader.load(
            Map.of(
                "CORNJACKET_KAFKA_BOOTSTRAP", bootstrap,
                "CORNJACKET_KAFKA_TOPIC_PREFIX", "benchq.",
                "CORNJACKET_HTTP_PORT", "0",
                "CORNJACKET_ROLES", "ingest,streams",
                "CORNJACKET_DATA_DIR", dataDir.toString(),
                "CORNJACKET_STREAMS_APPLICATION_ID", "bench-queries",
                "CORNJACKET_STREAMS_STANDBY_REPLICAS", "0"),
            Optional.empty())
        .config();
  }
}
