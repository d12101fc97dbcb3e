package dev.cornjacket.bench;

import com.hivemq.configuration.service.InternalConfigurations;
import dev.cornjacket.app.TopicProvisioner;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.config.Secret;
import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.devstack.EmbeddedMqttBroker;
import dev.cornjacket.devstack.MqttCredentials;
import dev.cornjacket.mqtt.MqttBridge;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * MQTT messages per second through the bridge into Kafka, against the same gateways publishing to a
 * subscriber that only acknowledges, on the same embedded HiveMQ in the same run.
 *
 * <p>Both sides subscribe the same way (shared subscription, QoS 1, manual acknowledgement, the
 * same receive maximum); the baseline acknowledges each message as it arrives, the bridge only once
 * Kafka ({@code acks=all}, idempotent) has it. A phase ends when the subscriber has acknowledged
 * every message the gateways published; the rate is messages over the phase's time.
 */
@Command(
    name = "bench mqtt",
    mixinStandardHelpOptions = true,
    description =
        "MQTT QoS 1 messages/s through the bridge into Kafka against an acking subscriber.")
public final class MqttBenchmark implements Callable<Integer> {

  private static final String USER = "bench";
  private static final byte[] PASSWORD = "bench-password".getBytes(StandardCharsets.UTF_8);

  @Option(
      names = "--messages",
      description = "Messages per measured phase (default ${DEFAULT-VALUE}).")
  long messages = 200_000;

  @Option(
      names = "--warmup",
      description = "Messages per warm-up phase (default ${DEFAULT-VALUE}).")
  long warmup = 100_000;

  @Option(names = "--clients", description = "Publishing gateways (default ${DEFAULT-VALUE}).")
  int clients = 8;

  @Option(
      names = "--backlog",
      description =
          "Most messages published and not yet acknowledged by the subscriber (default"
              + " ${DEFAULT-VALUE}).")
  int backlog = 2_000;

  @Option(
      names = "--inflight-window",
      description =
          "HiveMQ CE's in-flight window per client (its stock value is 50; the dev stack's broker"
              + " uses "
              + EmbeddedMqttBroker.IN_FLIGHT_WINDOW
              + ").")
  Integer inFlightWindow;

  @Option(
      names = "--receive-maximum",
      description = "Receive maximum of both subscribers (default ${DEFAULT-VALUE}).")
  int receiveMaximum = 1000;

  public static void main(String[] args) {
    System.exit(new CommandLine(new MqttBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("cornjacket-bench-");
    System.out.printf(
        "MQTT benchmark: %,d messages per phase (+%,d warm-up), %d gateways, backlog %,d,"
            + " receive maximum %d, broker in-flight window %d, %d cores, Java %s%n",
        messages,
        warmup,
        clients,
        backlog,
        receiveMaximum,
        inFlightWindow != null ? inFlightWindow : EmbeddedMqttBroker.IN_FLIGHT_WINDOW,
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());
    MqttCredentials credentials =
        new MqttCredentials(USER, new Secret(new String(PASSWORD, StandardCharsets.UTF_8)));
    try (EmbeddedKafka kafka = new EmbeddedKafka(dir.resolve("kafka"), 0).start();
        EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker(dir.resolve("mqtt"), 0, credentials);
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor()) {
      mqtt.start();
      if (inFlightWindow != null) {
        // HiveMQ CE's own in-flight window, which the dev stack raises (see EmbeddedMqttBroker)
        InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = inFlightWindow;
      }
      CornjacketConfig config =
          ConfigLoader.load(
                  Map.of(
                      "CORNJACKET_KAFKA_BOOTSTRAP",
                      kafka.bootstrapServers(),
                      "CORNJACKET_KAFKA_TOPIC_PREFIX",
                      "bench.",
                      "CORNJACKET_MQTT_URL",
                      mqtt.url(),
                      "CORNJACKET_MQTT_USERNAME",
                      USER,
                      "CORNJACKET_MQTT_PASSWORD",
                      new String(PASSWORD, StandardCharsets.UTF_8),
                      "CORNJACKET_MQTT_CLIENT_ID",
                      "bench-bridge",
                      "CORNJACKET_MQTT_RECEIVE_MAXIMUM",
                      String.valueOf(receiveMaximum)),
                  Optional.empty())
              .config();
      Topics topics = new Topics(config.kafka().topicPrefix());
      new TopicProvisioner(config.kafka(), Duration.ofSeconds(30))
          .ensure(topics.all().stream().map(Topic::name).toList());
      List<MqttPublishers.Message> sample = MqttPublishers.generate(10_000);
      System.out.printf(
          "Average payload %d bytes%n",
          sample.stream().mapToInt(m -> m.payload().length).sum() / sample.size());

      MqttResult baseline;
      try (MqttPublishers gateways =
              new MqttPublishers("localhost", mqtt.port(), USER, PASSWORD, clients, sample);
          AckingSubscriber subscriber =
              new AckingSubscriber("localhost", mqtt.port(), USER, PASSWORD, receiveMaximum)) {
        System.out.println("Warming up the acking subscriber...");
        phase(gateways, warmup, subscriber::acknowledged, poller);
        baseline = phase(gateways, messages, subscriber::acknowledged, poller);
      }
      System.out.println(baseline.describe("acking subscriber"));

      MqttResult bridged;
      try (MqttPublishers gateways =
              new MqttPublishers("localhost", mqtt.port(), USER, PASSWORD, clients, sample);
          MqttBridge bridge = MqttBridge.start(config.mqtt(), config.kafka(), topics)) {
        awaitConnected(bridge, poller);
        System.out.println("Warming up the bridge...");
        LongSupplier acknowledged = () -> bridge.stats().acknowledged();
        phase(gateways, warmup, acknowledged, poller);
        bridged = phase(gateways, messages, acknowledged, poller);
        System.out.println("Bridge: " + bridge.stats());
      }
      System.out.println(bridged.describe("MQTT bridge"));

      System.out.println();
      System.out.println("| path | messages/s | CPU per message |");
      System.out.println("| --- | ---: | ---: |");
      System.out.println(baseline.tableRow("subscriber that only acknowledges (baseline)"));
      System.out.println(bridged.tableRow("MQTT bridge into Kafka"));
      System.out.printf(
          "%nratio bridge / baseline: %.2f (goal >= 0.50)%n",
          bridged.messagesPerSecond() / baseline.messagesPerSecond());
      return 0;
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** Publishes {@code count} messages and waits until the subscriber acknowledged all of them. */
  private MqttResult phase(
      MqttPublishers gateways,
      long count,
      LongSupplier acknowledged,
      ScheduledExecutorService poller)
      throws Exception {
    long target = acknowledged.getAsLong() + count;
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    gateways.publish(count, acknowledged, backlog);
    awaitAtLeast(acknowledged, target, poller);
    return new MqttResult(count, System.nanoTime() - start, processCpuNanos() - cpuStart);
  }

  private static void awaitAtLeast(LongSupplier value, long target, ScheduledExecutorService poller)
      throws Exception {
    CompletableFuture<Void> reached = new CompletableFuture<>();
    var check =
        poller.scheduleAtFixedRate(
            () -> {
              if (value.getAsLong() >= target) {
                reached.complete(null);
              }
            },
            0,
            2,
            TimeUnit.MILLISECONDS);
    try {
      reached.get(10, TimeUnit.MINUTES);
    } finally {
      check.cancel(false);
    }
  }

  private static void awaitConnected(MqttBridge bridge, ScheduledExecutorService poller)
      throws Exception {
    awaitAtLeast(() -> bridge.connected() ? 1 : 0, 1, poller);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** One measured phase. */
  record MqttResult(long messages, long nanos, long cpuNanos) {

    double messagesPerSecond() {
      return messages / (nanos / 1e9);
    }

    double cpuMicrosPerMessage() {
      return cpuNanos / 1e3 / messages;
    }

    String describe(String name) {
      return String.format(
          "%-20s %,10.0f messages/s  (%,d messages in %.2f s), CPU %.1f us/message",
          name, messagesPerSecond(), messages, nanos / 1e9, cpuMicrosPerMessage());
    }

    String tableRow(String name) {
      return String.format(
          "| %s | %,.0f | %.1f µs |", name, messagesPerSecond(), cpuMicrosPerMessage());
    }
  }
}
