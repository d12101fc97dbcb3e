package dev.cornjacket.bench;

import dev.cornjacket.app.TopicProvisioner;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.topology.CornjacketTopology;
import dev.cornjacket.topology.RawEnvelopeSerde;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.TopologyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.test.TestRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Validation + de-duplication + routing against a pass-through topology ({@code mapValues(v -> v)})
 * on the same records, measured in the same run: offline in {@link TopologyTestDriver}, and live on
 * the embedded broker with exactly-once. The ratio of the two rates is the figure.
 */
@Command(
    name = "bench topology",
    mixinStandardHelpOptions = true,
    description = "Cornjacket topology against a pass-through topology, offline and live (EOS).")
public final class TopologyBenchmark implements Callable<Integer> {

  @Option(names = "--offline-events", description = "Records offline (default ${DEFAULT-VALUE}).")
  int offlineEvents = 1_000_000;

  @Option(names = "--live-events", description = "Records live (default ${DEFAULT-VALUE}).")
  int liveEvents = 500_000;

  @Option(
      names = "--commit-interval",
      description = "EOS commit interval in ms for the live runs (default ${DEFAULT-VALUE}).")
  long commitIntervalMs = 200;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TopologyBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    System.out.printf(
        "Topology benchmark: %,d records offline, %,d live, %d cores, Java %s%n",
        offlineEvents, liveEvents, Runtime.getRuntime().availableProcessors(), Runtime.version());
    Topics topics = new Topics("bench.");
    List<TestRecord<String, byte[]>> records = rawRecords(Math.max(offlineEvents, liveEvents));
    System.out.println(
        "(records: sensor, user_action and system events of 1,000 devices, 5% repeated)");

    Path dir = Files.createTempDirectory("cornjacket-topology-bench-");
    try {
      double passOffline =
          offline(passThrough(topics), records.subList(0, offlineEvents), topics, dir);
      double ourOffline =
          offline(
              CornjacketTopology.build(
                  TopologyConfig.defaults(topics).withStores(TopologyConfig.StoreKind.IN_MEMORY)),
              records.subList(0, offlineEvents),
              topics,
              dir);
      System.out.printf(
          "offline pass-through %,.0f records/s, cornjacket %,.0f records/s%n",
          passOffline, ourOffline);

      double passLive;
      double ourLive;
      try (EmbeddedKafka broker = new EmbeddedKafka(dir.resolve("kafka"), 0).start()) {
        String bootstrap = broker.bootstrapServers();
        CornjacketConfig config =
            ConfigLoader.load(
                    Map.of(
                        "CORNJACKET_KAFKA_BOOTSTRAP", bootstrap,
                        "CORNJACKET_KAFKA_TOPIC_PREFIX", "bench.",
                        "CORNJACKET_KAFKA_PARTITIONS", "6"),
                    Optional.empty())
                .config();
        List<String> names = new ArrayList<>(topics.all().stream().map(Topic::name).toList());
        names.add("bench.passthrough");
        new TopicProvisioner(config.kafka(), Duration.ofSeconds(30)).ensure(names);
        load(bootstrap, topics.raw().name(), records.subList(0, liveEvents));
        passLive = live(passThrough(topics), "bench-pass", bootstrap, topics, dir);
        ourLive =
            live(
                CornjacketTopology.build(TopologyConfig.defaults(topics)),
                "bench-cj",
                bootstrap,
                topics,
                dir);
      }
      System.out.printf(
          "live pass-through %,.0f records/s, cornjacket %,.0f records/s%n", passLive, ourLive);

      System.out.println();
      System.out.println(
          "| run | pass-through records/s | Cornjacket topology records/s | ratio |");
      System.out.println("| --- | ---: | ---: | ---: |");
      System.out.printf(
          "| offline, TopologyTestDriver, %,d records | %,.0f | %,.0f | %.2f |%n",
          offlineEvents, passOffline, ourOffline, ourOffline / passOffline);
      System.out.printf(
          "| live, embedded broker, exactly-once, commit %d ms, %,d records | %,.0f | %,.0f | %.2f |%n",
          commitIntervalMs, liveEvents, passLive, ourLive, ourLive / passLive);
      System.out.println("\ngoal: ratio >= 0.60");
      return 0;
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Topology passThrough(Topics topics) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topics.raw().name(), Consumed.with(Serdes.String(), Serdes.ByteArray()))
        .mapValues(v -> v)
        .to("bench.passthrough", Produced.with(Serdes.String(), Serdes.ByteArray()));
    return builder.build();
  }

  private double offline(
      Topology topology, List<TestRecord<String, byte[]>> records, Topics topics, Path dir) {
    Properties props =
        baseProperties(
            "bench-offline", "offline.invalid:9092", dir.resolve("offline-" + System.nanoTime()));
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic(
              topics.raw().name(), new StringSerializer(), new ByteArraySerializer());
      int warmup = Math.min(records.size() / 5, 100_000);
      records.subList(0, warmup).forEach(input::pipeInput);
      long start = System.nanoTime();
      for (TestRecord<String, byte[]> r : records.subList(warmup, records.size())) {
        input.pipeInput(r);
      }
      return (records.size() - warmup) / ((System.nanoTime() - start) / 1e9);
    }
  }

  private double live(
      Topology topology, String applicationId, String bootstrap, Topics topics, Path dir)
      throws Exception {
    Properties props = baseProperties(applicationId, bootstrap, dir.resolve(applicationId));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
    long start = System.nanoTime();
    try (KafkaStreams streams = new KafkaStreams(topology, props)) {
      streams.start();
      awaitCaughtUp(bootstrap, applicationId, topics.raw().name());
      return liveEvents / ((System.nanoTime() - start) / 1e9);
    }
  }

  /** Polls the group's committed offsets until they reach the end of the input topic. */
  private static void awaitCaughtUp(String bootstrap, String group, String topic) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      var partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get()
              .get(topic)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      Map<TopicPartition, Long> end = new java.util.HashMap<>();
      admin
          .listOffsets(
              partitions.stream()
                  .collect(java.util.stream.Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
          .all()
          .get()
          .forEach((p, info) -> end.put(p, info.offset()));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        boolean done =
            end.entrySet().stream()
                .allMatch(
                    e -> {
                      OffsetAndMetadata c = committed.get(e.getKey());
                      // with EOS a commit marker follows the last record, so committed may pass the
                      // end
                      return e.getValue() == 0 || (c != null && c.offset() >= e.getValue());
                    });
        if (done) {
          return;
        }
        Thread.sleep(50); // polling an external condition in a benchmark, not a test
      }
      throw new IllegalStateException("the topology did not catch up within 10 minutes");
    }
  }

  private static Properties baseProperties(String applicationId, String bootstrap, Path stateDir) {
    Properties props = new Properties();
    props.putAll(
        CornjacketTopology.streamsProperties(TopologyConfig.defaults(new Topics("bench."))));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    return props;
  }

  private static void load(String bootstrap, String topic, List<TestRecord<String, byte[]>> records)
      throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.LINGER_MS_CONFIG,
                20,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024),
            new StringSerializer(),
            new ByteArraySerializer())) {
      for (TestRecord<String, byte[]> r : records) {
        producer.send(new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value()));
      }
      producer.flush();
    }
    System.out.printf("loaded %,d raw records into %s%n", records.size(), topic);
  }

  /** Raw envelopes as the front ends write them; 5% repeat an earlier event id. */
  private static List<TestRecord<String, byte[]>> rawRecords(int count) {
    SplittableRandom random = new SplittableRandom(7);
    String[] types = {"sensor", "user_action", "system"};
    Instant base = Instant.now().minusSeconds(3_600);
    List<TestRecord<String, byte[]>> records = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int id = random.nextInt(20) == 0 && i > 0 ? random.nextInt(i) : i;
      String device = "device-" + (id % 1_000);
      String type = types[id % 3];
      Instant ts = base.plusMillis(i);
      String metrics =
          type.equals("sensor")
              ? ",\"metrics\":{\"temperature\":"
                  + (18 + random.nextDouble() * 8)
                  + ",\"humidity\":"
                  + random.nextInt(100)
                  + "}"
              : "";
      String event =
          "{\"event_id\":\"e-"
              + id
              + "\",\"device_id\":\""
              + device
              + "\",\"type\":\""
              + type
              + "\",\"ts\":\""
              + ts
              + "\""
              + metrics
              + ",\"attrs\":{\"firmware\":\"1.4.2\"}}";
      byte[] value =
          RawEnvelopeSerde.encode(event.getBytes(StandardCharsets.UTF_8), ts, "http", "anonymous");
      records.add(new TestRecord<>(device, value, null, ts));
    }
    return records;
  }
}
