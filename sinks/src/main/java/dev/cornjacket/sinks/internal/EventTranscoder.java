package dev.cornjacket.sinks.internal;

import static dev.cornjacket.topology.EventFields.ATTRS;
import static dev.cornjacket.topology.EventFields.DEVICE_ID;
import static dev.cornjacket.topology.EventFields.EVENT_ID;
import static dev.cornjacket.topology.EventFields.METRICS;
import static dev.cornjacket.topology.EventFields.PRINCIPAL;
import static dev.cornjacket.topology.EventFields.RECEIVED_AT;
import static dev.cornjacket.topology.EventFields.SCORES;
import static dev.cornjacket.topology.EventFields.SOURCE;
import static dev.cornjacket.topology.EventFields.TS;
import static dev.cornjacket.topology.EventFields.TYPE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.cornjacket.topology.EventJson;
import dev.cornjacket.topology.EventType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Turns an event as the topology writes it ({@code EventSerde}'s JSON) into its {@code events} row
 * in {@code COPY} text format, in one streaming pass: {@code metrics}, {@code attrs} and {@code
 * scores} go through as the JSON they already are, and timestamps in UTC as the text they are. The
 * shape is checked as {@code EventSerde} checks it (required strings, numbers in {@code metrics}
 * and {@code scores}, strings in {@code attrs}, unknown fields ignored); PostgreSQL checks the
 * rest. Parsing into an {@code Event} and writing it again cost most of the sink's time.
 *
 * <p>Not thread-safe: one per sink thread.
 */
public final class EventTranscoder {

  /** An event's row, ready for {@code COPY}, and what a dead letter needs to know. */
  public record Transcoded(String eventId, String source, byte[] copyFields) {}

  private static final JsonFactory FACTORY = EventJson.mapper().getFactory();
  private static final byte[] EMPTY_OBJECT = {'{', '}'};

  private final CopyText out = new CopyText(1024);

  /**
   * The row of {@code json}.
   *
   * @throws RecordDecoder.UndecodableRecordException when the bytes are not an event
   */
  public Transcoded transcode(byte[] json) throws RecordDecoder.UndecodableRecordException {
    try (JsonParser p = FACTORY.createParser(json)) {
      return read(p, json);
    } catch (JsonProcessingException e) {
      throw new RecordDecoder.UndecodableRecordException(
          "not strict JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("reading from a byte array does not do I/O, yet it failed", e);
    }
  }

  private Transcoded read(JsonParser p, byte[] json)
      throws IOException, RecordDecoder.UndecodableRecordException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw undecodable("not a JSON object");
    }
    String eventId = null;
    String deviceId = null;
    String type = null;
    String ts = null;
    String receivedAt = null;
    String source = null;
    String principal = null;
    int[] metrics = null;
    int[] attrs = null;
    int[] scores = null;
    Double maxScore = null;
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      switch (field) {
        case EVENT_ID -> eventId = value == JsonToken.VALUE_NULL ? null : text(p, field);
        case DEVICE_ID -> deviceId = text(p, field);
        case TYPE -> type = text(p, field);
        case TS -> ts = text(p, field);
        case RECEIVED_AT -> receivedAt = text(p, field);
        case SOURCE -> source = text(p, field);
        case PRINCIPAL -> principal = text(p, field);
        case METRICS -> metrics = object(p, field, true);
        case ATTRS -> attrs = object(p, field, false);
        case SCORES -> {
          scores = object(p, field, true);
          maxScore = scores == null ? null : maxOf(json, scores);
        }
        default -> p.skipChildren(); // unknown fields: an older reader accepts a newer writer
      }
    }
    if (p.nextToken() != null) {
      throw undecodable("content after the event");
    }
    require(deviceId, DEVICE_ID);
    require(type, TYPE);
    require(ts, TS);
    if (EventType.fromWireName(type).isEmpty()) {
      throw undecodable("field 'type' is not an event type");
    }
    if (receivedAt != null) {
      require(source, SOURCE);
      require(principal, PRINCIPAL);
    }
    out.clear();
    out.text(eventId)
        .text(deviceId)
        .text(type)
        .text(utc(ts, TS))
        .text(receivedAt == null ? null : utc(receivedAt, RECEIVED_AT))
        .text(receivedAt == null ? null : source)
        .text(receivedAt == null ? null : principal);
    field(json, metrics);
    field(json, attrs);
    if (scores == null || scores[1] - scores[0] <= 2) {
      out.text(null).text(null); // not scored: no scores, no max_score
    } else {
      out.json(json, scores[0], scores[1] - scores[0]).number(maxScore);
    }
    return new Transcoded(
        eventId, receivedAt == null ? null : source, Arrays.copyOf(out.bytes(), out.length()));
  }

  private void field(byte[] json, int[] range) {
    if (range == null) {
      out.json(EMPTY_OBJECT, 0, EMPTY_OBJECT.length);
    } else {
      out.json(json, range[0], range[1] - range[0]);
    }
  }

  /**
   * The byte range {@code [start, end)} of the object at the parser, whose values must be numbers
   * or strings; {@code null} for a JSON {@code null} (an absent object).
   */
  private static int[] object(JsonParser p, String field, boolean numbers)
      throws IOException, RecordDecoder.UndecodableRecordException {
    if (p.currentToken() == JsonToken.VALUE_NULL) {
      return null;
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw undecodable("field '" + field + "' is not an object");
    }
    int start = (int) p.currentTokenLocation().getByteOffset();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      JsonToken value = p.nextToken();
      boolean ok = numbers ? value.isNumeric() : value == JsonToken.VALUE_STRING;
      if (!ok) {
        throw undecodable("a value of '" + field + "' is not a " + (numbers ? "number" : "string"));
      }
    }
    int end = (int) p.currentTokenLocation().getByteOffset() + 1;
    return new int[] {start, end};
  }

  /** The highest score: the numbers of the object are parsed once more, only for scored events. */
  private static Double maxOf(byte[] json, int[] range) throws IOException {
    Double max = null;
    try (JsonParser p = FACTORY.createParser(json, range[0], range[1] - range[0])) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        p.nextToken();
        double score = p.getDoubleValue();
        if (max == null || score > max) {
          max = score;
        }
      }
    }
    return max;
  }

  private static String text(JsonParser p, String field)
      throws IOException, RecordDecoder.UndecodableRecordException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw undecodable("field '" + field + "' is missing or not a string");
    }
    return p.getText();
  }

  /**
   * An RFC 3339 time in UTC as PostgreSQL reads it. The topology writes {@code Instant.toString()}
   * ({@code 2026-11-22T10:00:00.120Z}), which goes through as it is; anything else is parsed.
   */
  static String utc(String time, String field) throws RecordDecoder.UndecodableRecordException {
    if (isInstantText(time)) {
      return time;
    }
    try {
      return Instant.parse(time).toString();
    } catch (DateTimeException e) {
      throw new RecordDecoder.UndecodableRecordException(
          "field '" + field + "' is not an RFC 3339 timestamp", e);
    }
  }

  /** {@code yyyy-mm-ddThh:mm:ss[.fraction]Z}, digits where digits belong. */
  static boolean isInstantText(String s) {
    int n = s.length();
    if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z') {
      return false;
    }
    String shape = "dddd-dd-ddTdd:dd:dd";
    for (int i = 0; i < shape.length(); i++) {
      char want = shape.charAt(i);
      char c = s.charAt(i);
      if (want == 'd' ? c < '0' || c > '9' : c != want) {
        return false;
      }
    }
    if (n == 20) {
      return true;
    }
    if (s.charAt(19) != '.' || n == 21) {
      return false;
    }
    for (int i = 20; i < n - 1; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static void require(String value, String field)
      throws RecordDecoder.UndecodableRecordException {
    if (value == null) {
      throw undecodable("field '" + field + "' is missing or not a string");
    }
  }

  private static RecordDecoder.UndecodableRecordException undecodable(String problem) {
    return new RecordDecoder.UndecodableRecordException("not an event: " + problem, null);
  }
}
