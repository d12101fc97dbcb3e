package dev.cornjacket.bench;

import dev.cornjacket.app.TopicProvisioner;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.http.HttpServer;
import dev.cornjacket.http.IngestProducerConfig;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * HTTP ingest throughput against its physical limit: the raw Kafka producer, with the ingest's own
 * producer settings, writing the same events to the same embedded broker in the same run.
 *
 * <p>Both sides send batches of {@code --batch} events from {@code --clients} concurrent senders
 * and wait for each batch to be acknowledged before sending the next one: the baseline sends the
 * serialized envelopes straight to a producer, the HTTP side POSTs NDJSON to {@code
 * /api/v1/events}, which parses, validates, wraps and produces them. The ratio of the two rates is
 * what the HTTP layer costs; the sides run in alternating rounds ({@link IngestComparison}).
 */
@Command(
    name = "bench ingest",
    mixinStandardHelpOptions = true,
    description = "HTTP ingest events/s against the raw Kafka producer on the same broker.")
public final class IngestBenchmark implements Callable<Integer> {

  /** Distinct batches generated up front; longer runs cycle through them. */
  private static final int DISTINCT_BATCHES = 400;

  @Option(names = "--events", description = "Events per measured phase (default ${DEFAULT-VALUE}).")
  int events = 1_000_000;

  @Option(
      names = "--warmup",
      description =
          "Events per warm-up phase (default ${DEFAULT-VALUE}); on 2 cores the JIT needs millions"
              + " of events to settle.")
  int warmup = 2_000_000;

  @Option(names = "--clients", description = "Concurrent senders (default ${DEFAULT-VALUE}).")
  int clients = 8;

  @Option(names = "--batch", description = "Events per request (default ${DEFAULT-VALUE}).")
  int batch = 500;

  @Option(
      names = "--rounds",
      description =
          "Measured rounds of each side, alternated; the median counts (default ${DEFAULT-VALUE}).")
  int rounds = 3;

  public static void main(String[] args) {
    System.exit(new CommandLine(new IngestBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("cornjacket-bench-");
    System.out.printf(
        "Ingest benchmark: %,d events per round, %d rounds (+%,d warm-up), %d clients, %d events"
            + " per batch, %d cores, Java %s%n",
        events,
        rounds,
        warmup,
        clients,
        batch,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    try (EmbeddedKafka broker = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
      CornjacketConfig config =
          ConfigLoader.load(
                  Map.of(
                      "CORNJACKET_KAFKA_BOOTSTRAP", broker.bootstrapServers(),
                      "CORNJACKET_HTTP_PORT", "0",
                      "CORNJACKET_KAFKA_TOPIC_PREFIX", "bench.",
                      "CORNJACKET_KAFKA_PARTITIONS", "6"),
                  Optional.empty())
              .config();
      Topics topics = new Topics(config.kafka().topicPrefix());
      List<String> names = new ArrayList<>(topics.all().stream().map(Topic::name).toList());
      String baselineTopic = config.kafka().topicPrefix() + "baseline";
      names.add(baselineTopic);
      new TopicProvisioner(config.kafka(), Duration.ofSeconds(30)).ensure(names);

      // Both sides send the same generated events, from a pool of distinct batches they cycle
      // through.
      EventGenerator generator = new EventGenerator(1_000);
      int distinct = Math.min(DISTINCT_BATCHES, Math.max(1, events / batch));
      List<byte[]> bodies = generator.ndjsonBatches(distinct, batch);
      List<List<BaselineSender.Record>> records = generator.envelopeBatches(distinct, batch);
      System.out.printf(
          "Average event %d bytes as sent, %d bytes as raw envelope%n",
          generator.averageEventBytes(), generator.averageEnvelopeBytes());

      Map<String, Object> producerConfig =
          IngestProducerConfig.of(broker.bootstrapServers(), config.kafka());
      IngestComparison.Outcome outcome;
      try (BaselineSender baseline = new BaselineSender(producerConfig, baselineTopic);
          HttpServer server = HttpServer.start(config.http(), config.kafka(), topics, List.of())) {
        HttpSender http = new HttpSender("http://localhost:" + server.port() + "/api/v1/events");
        outcome =
            IngestComparison.run(
                baseline,
                records,
                http,
                bodies,
                new IngestComparison.Load(warmup, events, batch, clients, rounds),
                System.out::println);
      }

      double ratio = outcome.ratio();
      System.out.println();
      System.out.printf("Median of %d alternating rounds:%n%n", rounds);
      System.out.println("| path | events/s | ack latency p50 | ack latency p99 | CPU per event |");
      System.out.println("| --- | ---: | ---: | ---: | ---: |");
      System.out.println(outcome.baseline().tableRow("raw Kafka producer (baseline)"));
      System.out.println(outcome.http().tableRow("HTTP ingest, NDJSON"));
      System.out.printf("%nratio HTTP / baseline: %.2f (goal >= 0.50)%n", ratio);
      return 0;
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
