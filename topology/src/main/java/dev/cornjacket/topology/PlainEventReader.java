package dev.cornjacket.topology;

import static dev.cornjacket.topology.EventFields.ATTRS;
import static dev.cornjacket.topology.EventFields.DEVICE_ID;
import static dev.cornjacket.topology.EventFields.EVENT_ID;
import static dev.cornjacket.topology.EventFields.METRICS;
import static dev.cornjacket.topology.EventFields.TS;
import static dev.cornjacket.topology.EventFields.TYPE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the fields of an event straight from its bytes with Jackson's streaming parser, without
 * building a tree, when the event has the plain shape nearly every device sends: printable ASCII,
 * only the contract's fields, each once, of the expected JSON type, no {@code null}, numbers that
 * fit a {@code long} or a {@code double}, flat {@code metrics} and {@code attrs} within their entry
 * limits. Anything else gives {@code null}, and the event is judged the full way, which also
 * explains what is wrong. This class only reads; {@link EventValidator#quickAccept} applies the
 * contract's rules to what it read.
 */
final class PlainEventReader {

  /**
   * The fields of a plain event, as sent.
   *
   * @param eventId {@code null} when absent
   * @param tsText the RFC 3339 text of {@code ts}, or {@code null} when it was a number
   * @param tsMillis the epoch milliseconds of {@code ts} when it was a number
   * @param metrics empty when absent
   * @param attrs empty when absent
   */
  record Fields(
      String eventId,
      String deviceId,
      String type,
      String tsText,
      long tsMillis,
      Map<String, Double> metrics,
      Map<String, String> attrs) {}

  /**
   * The event parser's factory without its duplicate-key detection, which costs a hash set per
   * object: this reader tells a repeated field itself, and leaves the event to the full path.
   */
  private static final JsonFactory PARSERS =
      EventJson.eventMapper()
          .getFactory()
          .rebuild()
          .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private PlainEventReader() {}

  /** The fields of {@code json}, or {@code null} when it is not a plain event. */
  static Fields read(byte[] json, ValidationLimits limits) {
    if (!EventJson.isPlainAscii(json)) {
      return null; // the strict UTF-8 decoding of the full path decides
    }
    try (JsonParser parser = PARSERS.createParser(json)) {
      return read(parser, limits);
    } catch (IOException | RuntimeException e) {
      // Malformed or duplicate-keyed JSON, a number or string over a limit: the full path says
      // which, in its own words.
      return null;
    }
  }

  private static Fields read(JsonParser parser, ValidationLimits limits) throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    String eventId = null;
    String deviceId = null;
    String type = null;
    String tsText = null;
    long tsMillis = -1;
    Map<String, Double> metrics = Map.of();
    Map<String, String> attrs = Map.of();
    int seen = 0;
    String name;
    while ((name = parser.nextFieldName()) != null) {
      int field = fieldBit(name);
      if ((seen & field) != 0) {
        return null; // a repeated field
      }
      seen |= field;
      JsonToken value = parser.nextToken();
      if ((field & TEXT_FIELDS) != 0 && value != JsonToken.VALUE_STRING) {
        return null;
      }
      switch (name) {
        case EVENT_ID -> eventId = parser.getText();
        case DEVICE_ID -> deviceId = parser.getText();
        case TYPE -> type = parser.getText();
        case TS -> {
          if (value == JsonToken.VALUE_STRING) {
            tsText = parser.getText();
          } else if (value == JsonToken.VALUE_NUMBER_INT && isLongSized(parser)) {
            tsMillis = parser.getLongValue();
          } else {
            return null;
          }
        }
        case METRICS -> {
          metrics = metrics(parser, value, limits.maxMetrics());
          if (metrics == null) {
            return null;
          }
        }
        case ATTRS -> {
          attrs = attrs(parser, value, limits.maxAttrs());
          if (attrs == null) {
            return null;
          }
        }
        default -> {
          return null; // unknown fields are accepted, reserved ones are not: the full path decides
        }
      }
    }
    if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
      return null;
    }
    if (deviceId == null || type == null || (tsText == null && tsMillis < 0)) {
      return null;
    }
    return new Fields(
        eventId, deviceId, type, tsText, tsMillis, Event.adopt(metrics), Event.adopt(attrs));
  }

  /** The fields that must be JSON strings: {@code event_id}, {@code device_id}, {@code type}. */
  private static final int TEXT_FIELDS = 1 | 2 | 4;

  /** A bit per contract field, to tell a repeated one; 0 for any other name. */
  private static int fieldBit(String name) {
    return switch (name) {
      case EVENT_ID -> 1;
      case DEVICE_ID -> 2;
      case TYPE -> 4;
      case TS -> 8;
      case METRICS -> 16;
      case ATTRS -> 32;
      default -> 0; // not a plain event: the loop returns null for it
    };
  }

  private static Map<String, Double> metrics(JsonParser parser, JsonToken value, int maxEntries)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      return null;
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    String name;
    while ((name = parser.nextFieldName()) != null) {
      JsonToken token = parser.nextToken();
      // The tree the full path builds holds exactly these two kinds of number as a double.
      boolean plainNumber =
          (token == JsonToken.VALUE_NUMBER_INT && isLongSized(parser))
              || (token == JsonToken.VALUE_NUMBER_FLOAT
                  && parser.getNumberType() == NumberType.DOUBLE);
      if (!plainNumber || metrics.size() == maxEntries) {
        return null;
      }
      double number = parser.getDoubleValue();
      if (!Double.isFinite(number)) {
        return null;
      }
      if (metrics.put(name, number) != null) {
        return null; // a repeated name
      }
    }
    return metrics;
  }

  private static Map<String, String> attrs(JsonParser parser, JsonToken value, int maxEntries)
      throws IOException {
    if (value != JsonToken.START_OBJECT) {
      return null;
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    String name;
    while ((name = parser.nextFieldName()) != null) {
      if (parser.nextToken() != JsonToken.VALUE_STRING || attrs.size() == maxEntries) {
        return null;
      }
      if (attrs.put(name, parser.getText()) != null) {
        return null; // a repeated name
      }
    }
    return attrs;
  }

  private static boolean isLongSized(JsonParser parser) throws IOException {
    NumberType type = parser.getNumberType();
    return type == NumberType.INT || type == NumberType.LONG;
  }
}
