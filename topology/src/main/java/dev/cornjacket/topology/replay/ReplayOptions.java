package dev.cornjacket.topology.replay;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to replay and where to write it.
 *
 * @param input the file to read
 * @param inputFormat its format
 * @param output where to write the results; empty means standard output
 * @param outputFormat the format of the results
 * @param deviceId CSV: the device the rows belong to (default: the file name); NDJSON: replay only
 *     this device's events
 * @param metric CSV: the metric name of the value column (default {@code value})
 */
public record ReplayOptions(
    Path input,
    InputFormat inputFormat,
    Optional<Path> output,
    OutputFormat outputFormat,
    Optional<String> deviceId,
    String metric) {

  public ReplayOptions {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(inputFormat, "inputFormat");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(outputFormat, "outputFormat");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
  }
}
