package dev.cornjacket.app.internal;

import dev.cornjacket.topology.replay.InputFormat;
import dev.cornjacket.topology.replay.NabReplay;
import dev.cornjacket.topology.replay.OutputFormat;
import dev.cornjacket.topology.replay.Replay;
import dev.cornjacket.topology.replay.ReplayOptions;
import dev.cornjacket.topology.replay.ReplaySummary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cornjacket replay}: a file through the real topology, offline. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Feed a file through the real topology offline (no broker, no database) and write what"
          + " came out: routed events and dead letters with their reasons.",
      "CSV input is `timestamp,value` rows (the NAB layout) of one device and one metric.",
      "--nab DIR replays a whole NAB-layout folder (<category>/<file>.csv) and writes NAB result"
          + " files (timestamp,value,anomaly_score,label) in the same layout under --output DIR."
    })
final class ReplayCommand implements Callable<Integer> {

  @Option(names = "--input", paramLabel = "FILE", description = "File to replay.")
  Path input;

  @Option(
      names = "--nab",
      paramLabel = "DIR",
      description =
          "A folder in the NAB layout to replay, one device per file; needs --output DIR.")
  Path nab;

  @Option(
      names = "--format",
      paramLabel = "ndjson|csv",
      description = "Input format (default: from the file name, .csv is CSV).")
  String format;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      description =
          "Where to write the results (default: standard output); .csv writes CSV. With --nab:"
              + " the folder of the NAB result files.")
  Path output;

  @Option(
      names = "--device",
      paramLabel = "ID",
      description =
          "CSV: the device of the rows (default: the file name). NDJSON: only this device.")
  String device;

  @Option(
      names = "--metric",
      paramLabel = "NAME",
      description = "CSV: the metric name of the value column (default: ${DEFAULT-VALUE}).")
  String metric = "value";

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (nab != null) {
      return replayNab();
    }
    if (input == null) {
      throw new StartupException("give --input FILE, or --nab DIR with --output DIR");
    }
    if (!Files.isReadable(input)) {
      throw new StartupException("--input " + input + ": no such readable file");
    }
    ReplayOptions options =
        new ReplayOptions(
            input,
            inputFormat(),
            Optional.ofNullable(output),
            output == null ? OutputFormat.NDJSON : OutputFormat.guess(output),
            Optional.ofNullable(device),
            metric);
    PrintWriter err = spec.commandLine().getErr();
    ReplaySummary summary =
        Replay.run(
            options,
            progress -> {
              err.printf(
                  "\r%,d records (%,.0f records/s)",
                  progress.records(), progress.recordsPerSecond());
              err.flush();
            });
    err.printf("\r%s%n", summary.describe());
    err.flush();
    return 0;
  }

  private int replayNab() throws IOException {
    if (input != null) {
      throw new StartupException("--nab and --input cannot be used together");
    }
    if (output == null) {
      throw new StartupException("--nab needs --output DIR, the folder of the result files");
    }
    if (!Files.isDirectory(nab)) {
      throw new StartupException("--nab " + nab + ": no such folder");
    }
    PrintWriter err = spec.commandLine().getErr();
    NabReplay.Summary summary;
    try {
      summary =
          NabReplay.run(
              nab,
              output,
              progress -> {
                err.printf(
                    "\r%,d rows (%,.0f rows/s)", progress.records(), progress.recordsPerSecond());
                err.flush();
              });
    } catch (IllegalArgumentException e) {
      throw new StartupException("--nab " + nab + ": " + e.getMessage());
    }
    err.printf("\r%s%n", summary.describe());
    err.flush();
    return 0;
  }

  private InputFormat inputFormat() {
    if (format == null) {
      return InputFormat.guess(input);
    }
    return switch (format.toLowerCase(java.util.Locale.ROOT)) {
      case "csv" -> InputFormat.CSV;
      case "ndjson", "jsonl" -> InputFormat.NDJSON;
      default -> throw new StartupException("--format " + format + ": use ndjson or csv");
    };
  }
}
