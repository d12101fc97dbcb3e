package dev.cornjacket.topology.replay;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a replay input file line by line: NDJSON events as they are, or {@code timestamp,value} CSV
 * rows (NAB layout: no time zone, meaning UTC; CRLF or LF; maybe no trailing newline) turned into
 * sensor events of one device and one metric. A CSV row that cannot be read still becomes an event,
 * carrying the unreadable text, so that the topology dead-letters it with a reason instead of it
 * vanishing.
 */
abstract class ReplayInput implements AutoCloseable {

  /**
   * One input record.
   *
   * @param json the event JSON
   * @param defaultEventId the id to give it when it has none (from the line number, so replays are
   *     repeatable)
   * @param fallbackTime the time to use when the event has no readable {@code ts}
   * @param text the input line as read, without its line end
   */
  record Line(byte[] json, String defaultEventId, Instant fallbackTime, String text) {}

  private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();

  protected final BufferedReader reader;
  protected final String idPrefix;
  protected long lineNumber;

  private ReplayInput(BufferedReader reader, String idPrefix) {
    this.reader = reader;
    this.idPrefix = idPrefix;
  }

  static ReplayInput open(ReplayOptions options) throws IOException {
    BufferedReader reader = Files.newBufferedReader(options.input(), StandardCharsets.UTF_8);
    String device = options.deviceId().orElse(deviceIdFromFileName(options.input()));
    return switch (options.inputFormat()) {
      case CSV -> new Csv(reader, device, options.metric());
      case NDJSON -> new Ndjson(reader, device);
    };
  }

  /** The next record, or {@code null} at the end of the file. */
  abstract Line next() throws IOException;

  @Override
  public void close() throws IOException {
    reader.close();
  }

  /** A device id from a file name: {@code nyc_taxi.csv} is {@code nyc_taxi}. */
  static String deviceIdFromFileName(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String id = stem.replaceAll("[^A-Za-z0-9._:-]", "_");
    return id.isEmpty() ? "replay" : id.substring(0, Math.min(id.length(), 128));
  }

  static String quote(String text) {
    return "\"" + new String(JSON_STRINGS.quoteAsString(text)) + "\"";
  }

  /** NDJSON: one event per line. */
  private static final class Ndjson extends ReplayInput {
    private final Instant fallback = Instant.now();

    Ndjson(BufferedReader reader, String idPrefix) {
      super(reader, idPrefix);
    }

    @Override
    Line next() throws IOException {
      String text;
      while ((text = reader.readLine()) != null) {
        lineNumber++;
        if (text.isBlank()) {
          continue;
        }
        return new Line(
            text.strip().getBytes(StandardCharsets.UTF_8),
            idPrefix + "-" + lineNumber,
            fallback,
            text);
      }
      return null;
    }
  }

  /** CSV: {@code timestamp,value} rows of one device's metric. */
  private static final class Csv extends ReplayInput {
    private static final DateTimeFormatter NAB_TIME =
        DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final String device;
    private final String metric;
    private Instant lastTime = Instant.EPOCH;

    Csv(BufferedReader reader, String device, String metric) {
      super(reader, device);
      this.device = device;
      this.metric = metric;
    }

    @Override
    Line next() throws IOException {
      String text;
      while ((text = reader.readLine()) != null) {
        lineNumber++;
        String row = text.strip();
        if (row.isEmpty() || (lineNumber == 1 && row.toLowerCase().startsWith("timestamp"))) {
          continue;
        }
        return toEvent(row);
      }
      return null;
    }

    private Line toEvent(String row) {
      int comma = row.indexOf(',');
      String timeText = comma < 0 ? row : row.substring(0, comma).strip();
      String valueText = comma < 0 ? "" : row.substring(comma + 1).strip();
      String ts;
      try {
        Instant time = parseTime(timeText);
        lastTime = time;
        ts = quote(time.toString());
      } catch (DateTimeParseException e) {
        ts = quote(timeText); // the validator reports it
      }
      String value = isNumber(valueText) ? valueText : quote(valueText);
      String json =
          "{\"device_id\":"
              + quote(device)
              + ",\"type\":\"sensor\",\"ts\":"
              + ts
              + ",\"metrics\":{"
              + quote(metric)
              + ":"
              + value
              + "}}";
      return new Line(
          json.getBytes(StandardCharsets.UTF_8), device + "-" + lineNumber, lastTime, row);
    }

    private static Instant parseTime(String text) {
      try {
        return LocalDateTime.parse(text, NAB_TIME).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e) {
        return Instant.parse(text);
      }
    }

    private static boolean isNumber(String text) {
      return text.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    }
  }
}
