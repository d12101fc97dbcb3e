package dev.cornjacket.topology.anomaly;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * Tuning harness, not a test: scores every CSV of a NAB-layout folder with direct model calls (no
 * Kafka) and writes {@code timestamp,value,anomaly_score,label} files in the same layout.
 *
 * <p>Arguments: data folder, output folder, then optional {@code name=value} overrides of {@link
 * DetectorParameters#DEFAULTS} and {@code probation=N}.
 */
public final class NabHarness {

  private static final DateTimeFormatter NAB_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private NabHarness() {}

  public static void main(String[] args) throws IOException {
    Path data = Path.of(args[0]);
    Path out = Path.of(args[1]);
    DetectorParameters p = DetectorParameters.DEFAULTS;
    int probation = dev.cornjacket.config.AnomalySettings.DEFAULTS.probation();
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      if (kv[0].equals("probation")) {
        probation = Integer.parseInt(kv[1]);
      } else {
        p = override(p, kv[0], kv[1]);
      }
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(data)) {
      files = walk.filter(f -> f.toString().endsWith(".csv")).sorted().toList();
    }
    for (Path file : files) {
      Path target = out.resolve(data.relativize(file));
      Files.createDirectories(target.getParent());
      AnomalyModel model = new ContextNoveltyDetector(p);
      List<String> lines = Files.readAllLines(file);
      try (BufferedWriter w = Files.newBufferedWriter(target)) {
        w.write("timestamp,value,anomaly_score,label\n");
        for (String line : lines.subList(1, lines.size())) {
          String row = line.strip();
          if (row.isEmpty()) {
            continue;
          }
          String[] cells = row.split(",");
          long ts =
              LocalDateTime.parse(cells[0], NAB_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
          double value = Double.parseDouble(cells[1]);
          double score = model.score(ts, value);
          if (model.readings() <= probation) {
            score = 0;
          }
          w.write(cells[0] + "," + cells[1] + "," + score + ",0\n");
        }
      }
    }
  }

  private static DetectorParameters override(DetectorParameters p, String name, String value) {
    return new DetectorParameters(
        p.model(),
        p.version(),
        name.equals("window") ? Integer.parseInt(value) : p.window(),
        name.equals("pool") ? Integer.parseInt(value) : p.pool(),
        name.equals("prototypes") ? Integer.parseInt(value) : p.prototypes(),
        name.equals("vigilance") ? Double.parseDouble(value) : p.vigilance(),
        name.equals("learningRate") ? Double.parseDouble(value) : p.learningRate(),
        name.equals("history") ? Integer.parseInt(value) : p.history(),
        name.equals("densityWeight") ? Double.parseDouble(value) : p.densityWeight(),
        name.equals("shortWindow") ? Integer.parseInt(value) : p.shortWindow(),
        name.equals("longWindow") ? Integer.parseInt(value) : p.longWindow(),
        name.equals("quietAfterAlert") ? Integer.parseInt(value) : p.quietAfterAlert(),
        name.equals("alertLevel") ? Double.parseDouble(value) : p.alertLevel(),
        name.equals("coarsePool") ? Integer.parseInt(value) : p.coarsePool(),
        name.equals("coarseVigilance") ? Double.parseDouble(value) : p.coarseVigilance(),
        name.equals("spatialTolerance") ? Double.parseDouble(value) : p.spatialTolerance(),
        name.equals("breakThroughAfter") ? Integer.parseInt(value) : p.breakThroughAfter());
  }
}
