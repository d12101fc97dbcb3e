package dev.cornjacket.topology.replay;

import dev.cornjacket.topology.CornjacketTopology;
import dev.cornjacket.topology.CountingTopologyMetrics;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.TopologyConfig;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Replays a folder in the layout of the Numenta Anomaly Benchmark ({@code <category>/<file>.csv},
 * {@code timestamp,value} rows) through the real topology, one device per file, and writes NAB
 * result files in the same layout: {@code timestamp,value,anomaly_score,label} for every input row,
 * in file order, with the score the topology put on the sensor event. {@code label} is always 0:
 * the replay never reads labels (NAB's scorer takes them from its own windows file). A row that the
 * topology dead-letters instead of scoring gets score 0 and is counted.
 */
public final class NabReplay {

  /** The header of every result file. */
  public static final String HEADER = "timestamp,value,anomaly_score,label";

  private static final String METRIC = "value";

  /**
   * What a NAB replay did.
   *
   * @param files files replayed
   * @param rows rows replayed
   * @param unscored rows that came out without a score (dead-lettered)
   * @param elapsed how long it took
   */
  public record Summary(int files, long rows, long unscored, Duration elapsed) {
    public String describe() {
      return String.format(
          "%,d files, %,d rows (%,d unscored) in %.1f s (%,.0f rows/s)",
          files,
          rows,
          unscored,
          elapsed.toMillis() / 1000.0,
          rows / Math.max(1e-9, elapsed.toNanos() / 1e9));
    }
  }

  private final Topics topics = new Topics();

  private NabReplay() {}

  /**
   * Replays every {@code .csv} file under {@code data} and writes its results to the same relative
   * path under {@code output}.
   *
   * @param progress called after each file with the files and rows done so far
   * @throws IllegalArgumentException when {@code data} has no CSV file
   */
  public static Summary run(Path data, Path output, Consumer<Replay.Progress> progress)
      throws IOException {
    return new NabReplay().replay(data, output, progress);
  }

  private Summary replay(Path data, Path output, Consumer<Replay.Progress> progress)
      throws IOException {
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(progress, "progress");
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(f -> f.getFileName().toString().endsWith(".csv"))
              .sorted(Comparator.comparing(Path::toString))
              .toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no .csv file under " + data);
    }
    long started = System.nanoTime();
    long rows = 0;
    long unscored = 0;
    for (Path file : files) {
      Path target = output.resolve(data.relativize(file).toString());
      Files.createDirectories(target.getParent());
      long[] counts = replayFile(file, target);
      rows += counts[0];
      unscored += counts[1];
      progress.accept(
          new Replay.Progress(rows, rows / Math.max(1e-9, (System.nanoTime() - started) / 1e9)));
    }
    return new Summary(files.size(), rows, unscored, Duration.ofNanos(System.nanoTime() - started));
  }

  /** Returns {rows, unscored rows}. */
  private long[] replayFile(Path file, Path target) throws IOException {
    ReplayOptions options =
        new ReplayOptions(
            file, InputFormat.CSV, Optional.of(target), OutputFormat.CSV, Optional.empty(), METRIC);
    TopologyConfig config =
        TopologyConfig.defaults(topics)
            .withMetrics(new CountingTopologyMetrics())
            .withStores(TopologyConfig.StoreKind.IN_MEMORY);
    Path stateDir = Files.createTempDirectory("cornjacket-nab-");
    long rows = 0;
    long unscored = 0;
    try (ReplayInput input = ReplayInput.open(options);
        BufferedWriter writer = Files.newBufferedWriter(target, StandardCharsets.UTF_8);
        TopologyTestDriver driver =
            new TopologyTestDriver(
                CornjacketTopology.build(config), Replay.properties(config, stateDir))) {
      TestInputTopic<String, byte[]> raw =
          driver.createInputTopic(
              topics.raw().name(), new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, Event> sensor =
          driver.createOutputTopic(
              topics.sensor().name(),
              new StringDeserializer(),
              topics.sensor().valueSerde().deserializer());
      TestOutputTopic<String, byte[]> deadLetters =
          driver.createOutputTopic(
              topics.deadLetters().name(), new StringDeserializer(), new ByteArrayDeserializer());
      writer.write(HEADER);
      writer.write('\n');
      for (ReplayInput.Line line = input.next(); line != null; line = input.next()) {
        TestRecord<String, byte[]> record = Replay.toRecord(line);
        raw.pipeInput(record);
        rows++;
        Double score = null;
        for (Event event : sensor.readValuesToList()) {
          score = event.scores().get(METRIC);
        }
        deadLetters.readRecordsToList(); // counted through the missing score
        if (score == null) {
          unscored++;
        }
        writer.write(resultRow(line.text(), score == null ? 0 : score));
      }
    } finally {
      deleteRecursively(stateDir);
    }
    return new long[] {rows, unscored};
  }

  /** {@code timestamp,value} as read, then the score and label 0. */
  private static String resultRow(String row, double score) {
    int comma = row.indexOf(',');
    String time = comma < 0 ? row : row.substring(0, comma).strip();
    String value = comma < 0 ? "" : row.substring(comma + 1).strip();
    return time + "," + value + "," + score + ",0\n";
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the replay state in " + dir, e);
    }
  }
}
