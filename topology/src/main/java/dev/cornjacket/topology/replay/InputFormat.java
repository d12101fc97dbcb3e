package dev.cornjacket.topology.replay;

import java.nio.file.Path;
import java.util.Locale;

/** What a replay input file holds. */
public enum InputFormat {
  /** One event JSON per line, as gateways send them. */
  NDJSON,
  /** {@code timestamp,value} rows (the NAB layout): one device, one metric. */
  CSV;

  /** The format a file name suggests: {@code .csv} is CSV, anything else NDJSON. */
  public static InputFormat guess(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv") ? CSV : NDJSON;
  }
}
