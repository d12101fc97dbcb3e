package dev.cornjacket.bench;

import com.sun.net.httpserver.HttpServer;
import dev.cornjacket.config.PostgresSettings;
import dev.cornjacket.config.Rate;
import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.devstack.EmbeddedPostgresServer;
import dev.cornjacket.sinks.PostgresStore;
import dev.cornjacket.sinks.webhook.WebhookDispatcher;
import dev.cornjacket.sinks.webhook.WebhookEndpoint;
import dev.cornjacket.sinks.webhook.WebhookOptions;
import dev.cornjacket.sinks.webhook.WebhookRules;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.alert.Alert;
import dev.cornjacket.topology.anomaly.Anomaly;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The webhook dispatcher's rate limit in real time: a burst of alerts produced at once, delivered
 * to a local receiver through the real dispatcher (Kafka, PostgreSQL, resilience4j) at the global
 * limit; prints when each arrived. At the default 10/min, 50 alerts take about 4 minutes.
 */
@Command(
    name = "bench webhooks",
    mixinStandardHelpOptions = true,
    description = "Delivers a burst of alerts at the webhook rate limit and prints the times.")
public final class WebhookBenchmark implements Callable<Integer> {

  @Option(names = "--alerts", description = "Alerts in the burst (default ${DEFAULT-VALUE}).")
  int alerts = 50;

  @Option(
      names = "--rate",
      description = "Global rate limit, e.g. 10/min or 10/2s (default ${DEFAULT-VALUE}).")
  String rate = "10/min";

  public static void main(String[] args) {
    System.exit(new CommandLine(new WebhookBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Rate limit = Rate.parse(rate);
    System.out.printf(
        "Webhook benchmark: %d alerts at once, global limit %s, %d cores, Java %s%n",
        alerts, limit, Runtime.getRuntime().availableProcessors(), Runtime.version());
    List<Long> arrivals = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    receiver.createContext(
        "/hook",
        exchange -> {
          arrivals.add(System.nanoTime());
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    receiver.start();
    Path dir = Files.createTempDirectory("cornjacket-webhook-bench-");
    Topics topics = new Topics("bench.");
    try (EmbeddedKafka broker = new EmbeddedKafka(dir.resolve("kafka"), 0).start();
        EmbeddedPostgresServer postgres =
            new EmbeddedPostgresServer(dir.resolve("postgres"), 0).start()) {
      String bootstrap = broker.bootstrapServers();
      try (Admin admin =
          Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(topics.alerts().name(), 1, (short) 1),
                    new NewTopic(topics.deadLetters().name(), 1, (short) 1)))
            .all()
            .get();
      }
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
              new StringSerializer(),
              new ByteArraySerializer())) {
        for (int i = 0; i < alerts; i++) {
          Anomaly anomaly =
              new Anomaly(
                  Anomaly.idOf("e-" + i, "temperature"),
                  "e-" + i,
                  "device-" + i,
                  "temperature",
                  98.1,
                  0.97,
                  Instant.now(),
                  "bench",
                  List.of());
          Alert alert = Alert.raisedBy(anomaly, Duration.ofMinutes(5));
          producer.send(
              new ProducerRecord<>(
                  topics.alerts().name(),
                  alert.deviceId(),
                  topics.alerts().valueSerde().serializer().serialize("", alert)));
        }
      }
      PostgresSettings settings =
          new PostgresSettings(
              Optional.of(postgres.jdbcUrl()),
              "postgres",
              Optional.empty(),
              2,
              1000,
              Duration.ofDays(7),
              3);
      WebhookEndpoint endpoint =
          new WebhookEndpoint(
              "bench",
              URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
              Optional.of("bench-secret"),
              Duration.ofSeconds(30),
              Optional.empty());
      try (PostgresStore store = PostgresStore.open(settings)) {
        WebhookOptions options =
            new WebhookOptions(
                bootstrap,
                topics,
                "bench-webhooks",
                new WebhookRules(List.of(endpoint), List.of()),
                limit,
                5,
                Duration.ofSeconds(1),
                1000,
                WebhookOptions.DEFAULT_CIRCUIT_OPEN_FOR);
        long start = System.nanoTime();
        try (WebhookDispatcher dispatcher =
            WebhookDispatcher.start(options, store.dataSource(), new SimpleMeterRegistry())) {
          long deadline =
              start
                  + limit.period().multipliedBy(alerts / limit.permits() + 2).toNanos()
                  + TimeUnit.SECONDS.toNanos(30);
          int printed = 0;
          while (arrivals.size() < alerts && System.nanoTime() < deadline) {
            printed = print(arrivals, start, printed);
            TimeUnit.MILLISECONDS.sleep(200);
          }
          print(arrivals, start, printed);
          System.out.printf(
              "%d of %d delivered; first after %.1f s, last after %.1f s%n",
              arrivals.size(),
              alerts,
              seconds(arrivals.isEmpty() ? start : arrivals.getFirst(), start),
              seconds(arrivals.isEmpty() ? start : arrivals.getLast(), start));
          return arrivals.size() == alerts ? 0 : 1;
        }
      }
    } finally {
      receiver.stop(0);
    }
  }

  private static int print(List<Long> arrivals, long start, int printed) {
    for (int i = printed; i < arrivals.size(); i++) {
      System.out.printf("alert %2d delivered at %6.1f s%n", i + 1, seconds(arrivals.get(i), start));
    }
    return arrivals.size();
  }

  private static double seconds(long nanos, long start) {
    return (nanos - start) / 1e9;
  }
}
