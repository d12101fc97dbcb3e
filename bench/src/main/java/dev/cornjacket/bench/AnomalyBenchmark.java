package dev.cornjacket.bench;

import dev.cornjacket.config.AnomalySettings;
import dev.cornjacket.topology.CornjacketTopology;
import dev.cornjacket.topology.RawEnvelopeSerde;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.TopologyConfig;
import dev.cornjacket.topology.anomaly.AnomalyModel;
import dev.cornjacket.topology.anomaly.AnomalyModels;
import dev.cornjacket.topology.anomaly.DetectorParameters;
import dev.cornjacket.topology.anomaly.DeviceModelStates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Anomaly scoring cost: per reading with direct model calls (state read from and written to bytes,
 * as the scorer does), and the topology with scoring against the same topology with scoring
 * disabled ({@code CORNJACKET_ANOMALY_ENABLED=false}), offline in {@link TopologyTestDriver}, in
 * the same run; and the state size of a device that has lived long.
 */
@Command(
    name = "bench anomaly",
    mixinStandardHelpOptions = true,
    description = "Anomaly scoring: cost per reading, topology throughput ratio, state size.")
public final class AnomalyBenchmark implements Callable<Integer> {

  private static final String[] METRICS = {"temperature", "humidity", "pressure", "co2"};

  @Option(names = "--devices", description = "Devices (default ${DEFAULT-VALUE}).")
  int devices = 10_000;

  @Option(
      names = "--rounds",
      description = "Readings per device and metric (default ${DEFAULT-VALUE}).")
  int rounds = 30;

  @Option(
      names = "--events",
      description = "Events through the topology (default ${DEFAULT-VALUE}).")
  int events = 200_000;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AnomalyBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    System.out.printf(
        "Anomaly benchmark: %,d devices x %d metrics, %d cores, Java %s%n",
        devices, METRICS.length, Runtime.getRuntime().availableProcessors(), Runtime.version());
    AnomalyModels models = new AnomalyModels(DetectorParameters.DEFAULTS);

    double perReadingMicros = perReading(models);
    double inMemoryMicros = inMemoryModel(models);
    int longLivedBytes = longLivedDeviceState(models);

    Topics topics = new Topics("bench.");
    List<TestRecord<String, byte[]>> records = sensorRecords(topics);
    Path dir = Files.createTempDirectory("cornjacket-anomaly-bench-");
    double unscored;
    double scored;
    try {
      TopologyConfig base =
          TopologyConfig.defaults(topics).withStores(TopologyConfig.StoreKind.IN_MEMORY);
      AnomalySettings off =
          new AnomalySettings(
              AnomalySettings.DEFAULTS.threshold(), AnomalySettings.DEFAULTS.probation(), false);
      // Alternate the two and keep the second round of each: the first run of either warms up
      // the JIT for both (measured alone, the first run came out slower whichever it was).
      unscored = 0;
      scored = 0;
      for (int round = 0; round < 2; round++) {
        unscored =
            offline(CornjacketTopology.build(base.withAnomaly(off)), records, dir, "off" + round);
        scored = offline(CornjacketTopology.build(base), records, dir, "on" + round);
      }
    } finally {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }

    System.out.println();
    System.out.println("| measure | value |");
    System.out.println("| --- | ---: |");
    System.out.printf(
        "| scoring cost per reading, state read and written as bytes (%,d devices x %d metrics) | %.1f µs |%n",
        devices, METRICS.length, perReadingMicros);
    System.out.printf(
        "| scoring cost per reading, model kept in memory | %.1f µs |%n", inMemoryMicros);
    System.out.printf(
        "| state of a device with %d metrics after 20,000 readings each | %,d bytes |%n",
        METRICS.length, longLivedBytes);
    System.out.println();
    System.out.println("| run | without scoring events/s | with scoring events/s | ratio |");
    System.out.println("| --- | ---: | ---: | ---: |");
    System.out.printf(
        "| offline, TopologyTestDriver, %,d sensor events of %,d devices x %d metrics | %,.0f | %,.0f | %.2f |%n",
        events, devices, METRICS.length, unscored, scored, scored / unscored);
    System.out.println("\ngoal: ratio >= 0.50, state < 8 KiB per device");
    return 0;
  }

  /** Microseconds per metric reading, the device's states kept as bytes as in the store. */
  private double perReading(AnomalyModels models) {
    Map<Integer, byte[]> store = new java.util.HashMap<>();
    SplittableRandom random = new SplittableRandom(1);
    int warmup = Math.max(1, rounds / 5);
    long start = 0;
    for (int round = 0; round < rounds + warmup; round++) {
      if (round == warmup) {
        start = System.nanoTime();
      }
      for (int device = 0; device < devices; device++) {
        LinkedHashMap<String, byte[]> states = DeviceModelStates.read(store.get(device));
        for (String metric : METRICS) {
          byte[] state = states.remove(metric);
          AnomalyModel model = state == null ? models.create() : models.read(state);
          model.score(round * 60_000L, reading(device, round, random));
          states.put(metric, model.toBytes());
        }
        store.put(device, DeviceModelStates.write(states));
      }
    }
    return (System.nanoTime() - start) / 1e3 / ((double) rounds * devices * METRICS.length);
  }

  /** Microseconds per reading of one model kept in memory (no state bytes). */
  private static double inMemoryModel(AnomalyModels models) {
    AnomalyModel model = models.create();
    SplittableRandom random = new SplittableRandom(2);
    for (int i = 0; i < 100_000; i++) {
      model.score(i * 60_000L, reading(0, i, random));
    }
    long start = System.nanoTime();
    int n = 500_000;
    for (int i = 0; i < n; i++) {
      model.score(i * 60_000L, reading(0, i, random));
    }
    return (System.nanoTime() - start) / 1e3 / n;
  }

  private static int longLivedDeviceState(AnomalyModels models) {
    SplittableRandom random = new SplittableRandom(3);
    Map<String, byte[]> states = new LinkedHashMap<>();
    for (String metric : METRICS) {
      AnomalyModel model = models.create();
      for (int i = 0; i < 20_000; i++) {
        model.score(i * 60_000L, random.nextDouble() * (1 + i % 97));
      }
      states.put(metric, model.toBytes());
    }
    return DeviceModelStates.write(states).length;
  }

  private static double reading(int device, int i, SplittableRandom random) {
    return 20 + device % 7 + 3 * Math.sin(i * 2 * Math.PI / 288) + random.nextDouble();
  }

  private List<TestRecord<String, byte[]>> sensorRecords(Topics topics) {
    Instant start = Instant.parse("2026-11-22T00:00:00Z");
    SplittableRandom random = new SplittableRandom(4);
    List<TestRecord<String, byte[]>> records = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      int device = i % devices;
      int round = i / devices;
      Instant ts = start.plusSeconds(60L * round).plusMillis(device);
      StringBuilder json = new StringBuilder();
      json.append("{\"event_id\":\"e-")
          .append(i)
          .append("\",\"device_id\":\"d-")
          .append(device)
          .append("\",\"type\":\"sensor\",\"ts\":\"")
          .append(ts)
          .append("\",\"metrics\":{");
      for (int m = 0; m < METRICS.length; m++) {
        json.append(m == 0 ? "" : ",")
            .append('"')
            .append(METRICS[m])
            .append("\":")
            .append(String.format("%.3f", reading(device, round, random)));
      }
      json.append("}}");
      byte[] envelope =
          RawEnvelopeSerde.encode(
              json.toString().getBytes(StandardCharsets.UTF_8), ts, "http", "bench");
      records.add(new TestRecord<>("d-" + device, envelope, null, ts));
    }
    return records;
  }

  private static double offline(
      Topology topology, List<TestRecord<String, byte[]>> records, Path dir, String name) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-anomaly-" + name);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "offline.invalid:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve(name).toString());
    try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
      TestInputTopic<String, byte[]> input =
          driver.createInputTopic(
              "bench.events.raw", new StringSerializer(), new ByteArraySerializer());
      int warmup = records.size() / 5;
      records.subList(0, warmup).forEach(input::pipeInput);
      long start = System.nanoTime();
      for (TestRecord<String, byte[]> r : records.subList(warmup, records.size())) {
        input.pipeInput(r);
      }
      return (records.size() - warmup) / ((System.nanoTime() - start) / 1e9);
    }
  }
}
