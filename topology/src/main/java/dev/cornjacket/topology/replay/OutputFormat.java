package dev.cornjacket.topology.replay;

import java.nio.file.Path;
import java.util.Locale;

/** How a replay writes what came out of the topology. */
public enum OutputFormat {
  /** One JSON object per output record, with its topic and outcome. */
  NDJSON,
  /** One row per output record: timestamp, outcome, topic, device, event id, reason, message. */
  CSV;

  /** The format a file name suggests: {@code .csv} is CSV, anything else NDJSON. */
  public static OutputFormat guess(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : NDJSON;
  }
}
