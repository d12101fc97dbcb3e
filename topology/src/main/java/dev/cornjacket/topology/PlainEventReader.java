package dev.cornjacket.topology;

import static dev.cornjacket.topology.EventFields.ATTRS;
import static dev.cornjacket.topology.EventFields.DEVICE_ID;
import static dev.cornjacket.topology.EventFields.EVENT_ID;
import static dev.cornjacket.topology.EventFields.METRICS;
import static dev.cornjacket.topology.EventFields.TS;
import static dev.cornjacket.topology.EventFields.TYPE;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the fields of an event straight from its bytes, without a parser or a tree, when the event
 * has the plain shape nearly every device sends: ASCII, only the contract's fields, each once, of
 * the expected JSON type, no {@code null}, numbers that fit a {@code long} or a {@code double},
 * flat {@code metrics} and {@code attrs} within their entry limits. Anything else gives {@code
 * null}, and the event is judged the full way, which also explains what is wrong. The scanner
 * follows the JSON grammar strictly, so that it never reads as an event what Jackson would reject;
 * where the grammar leaves a choice to the parser's settings it declines. This class only reads;
 * {@link EventValidator#quickAccept} applies the contract's rules to what it read.
 *
 * <p>It replaced Jackson's streaming parser here: creating a parser per event and tokenizing a
 * 260-byte event cost a third of HTTP ingest's request threads.
 */
final class PlainEventReader {

  /**
   * The fields of a plain event, as sent.
   *
   * @param eventId {@code null} when absent
   * @param tsText the RFC 3339 text of {@code ts}, or {@code null} when it was a number
   * @param tsMillis the epoch milliseconds of {@code ts} when it was a number
   * @param metrics in the order sent; the caller's to keep (not copied again); empty when absent
   * @param attrs in the order sent; the caller's to keep; empty when absent
   * @param printable every string read (ids, type, names, values) holds only printable ASCII,
   *     0x20-0x7E, sent without escapes: no character any rule of the contract forbids
   * @param metricCount how many metrics there are (also when they were not kept)
   * @param shortestName the length of the shortest metric or attribute name, {@link
   *     Integer#MAX_VALUE} when there is none; in chars, which are code points when printable
   * @param longestName the length of the longest metric or attribute name, 0 when there is none
   * @param longestValue the length of the longest attribute value, 0 when there is none
   */
  record Fields(
      String eventId,
      String deviceId,
      String type,
      String tsText,
      long tsMillis,
      Map<String, Double> metrics,
      Map<String, String> attrs,
      boolean printable,
      int metricCount,
      int shortestName,
      int longestName,
      int longestValue) {}

  private PlainEventReader() {}

  /** The fields of {@code json}, or {@code null} when it is not a plain event. */
  static Fields read(byte[] json, ValidationLimits limits) {
    // No separate check for ASCII: a byte outside 0x01-0x7F can only stand inside a string, where
    // the scanner declines every byte below 0x20 (bytes are signed: 0x80-0xFF are negative), so
    // the strict UTF-8 decoding of the full path judges any event that has one.
    return new Scanner(json, limits, true).event();
  }

  /**
   * As {@link #read}, without keeping the metrics and attributes ({@link Fields#metrics()} and
   * {@link Fields#attrs()} are empty): their names are compared and measured on their bytes, their
   * numbers checked, and nothing else is made of them. What HTTP ingest needs, which passes the
   * event on as it came. {@code null} also for a plain event with an escape or a DEL in a string:
   * {@link #read} judges those.
   */
  static Fields check(byte[] json, ValidationLimits limits) {
    return new Scanner(json, limits, false).event();
  }

  /** The fields that must be JSON strings: {@code event_id}, {@code device_id}, {@code type}. */
  private static final int TEXT_FIELDS = 1 | 2 | 4;

  /**
   * The contract's fields in the order of their bits (1, 2, 4, ...), to tell a repeated one: {@code
   * event_id}, {@code device_id}, {@code type}, {@code ts}, {@code metrics}, {@code attrs}.
   */
  private static final byte[][] FIELD_NAMES = {
    EVENT_ID.getBytes(StandardCharsets.US_ASCII),
    DEVICE_ID.getBytes(StandardCharsets.US_ASCII),
    TYPE.getBytes(StandardCharsets.US_ASCII),
    TS.getBytes(StandardCharsets.US_ASCII),
    METRICS.getBytes(StandardCharsets.US_ASCII),
    ATTRS.getBytes(StandardCharsets.US_ASCII)
  };

  /** Exact powers of ten as doubles: 10^22 is the largest a double holds exactly. */
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /** One pass over the bytes; every method returns {@code null} (or fails) on what is not plain. */
  private static final class Scanner {
    private final byte[] in;
    private final ValidationLimits limits;
    private final boolean keep; // false: the metrics and attributes are checked, not kept
    private int pos;
    private boolean printable = true; // no escape and no DEL (0x7F) in any string so far
    private int metricCount;
    private int shortestName = Integer.MAX_VALUE;
    private int longestName;
    private int longestValue;
    private int[] names; // not kept: start and length of each name of one object

    Scanner(byte[] in, ValidationLimits limits, boolean keep) {
      this.in = in;
      this.limits = limits;
      this.keep = keep;
    }

    Fields event() {
      String eventId = null;
      String deviceId = null;
      String type = null;
      String tsText = null;
      long tsMillis = -1;
      Map<String, Double> metrics = Map.of();
      Map<String, String> attrs = Map.of();
      int seen = 0;
      if (!open()) {
        return null;
      }
      if (!closes()) {
        do {
          int field = fieldName();
          if (field == 0 || (seen & field) != 0) {
            return null; // unknown fields are accepted, reserved ones are not: the full path
            // decides
          }
          seen |= field;
          if ((field & TEXT_FIELDS) != 0) {
            String text = string();
            if (text == null) {
              return null;
            }
            switch (field) {
              case 1 -> eventId = text;
              case 2 -> deviceId = text;
              default -> type = text;
            }
          } else if (field == 8) {
            if (peek() == '"') {
              tsText = string();
              if (tsText == null) {
                return null;
              }
            } else {
              Number number = number();
              if (!(number instanceof Long millis)) {
                return null;
              }
              tsMillis = millis;
            }
          } else if (field == 16) {
            metrics = metrics();
            if (metrics == null) {
              return null;
            }
          } else {
            attrs = attrs();
            if (attrs == null) {
              return null;
            }
          }
        } while (next());
        if (!closed()) {
          return null;
        }
      }
      skipWhitespace();
      if (pos != in.length) {
        return null; // anything after the event
      }
      if (deviceId == null
          || type == null
          || (tsText == null && tsMillis < 0)
          || (!keep && !printable)) {
        return null;
      }
      return new Fields(
          eventId,
          deviceId,
          type,
          tsText,
          tsMillis,
          metrics,
          attrs,
          printable,
          metricCount,
          shortestName,
          longestName,
          longestValue);
    }

    private Map<String, Double> metrics() {
      if (!open()) {
        return null;
      }
      Map<String, Double> metrics = keep ? new LinkedHashMap<>() : Map.of();
      if (closes()) {
        return metrics;
      }
      do {
        if (metricCount == limits.maxMetrics()) {
          return null;
        }
        String name = null;
        if (keep) {
          name = name();
          if (name == null) {
            return null;
          }
          noteName(name.length());
        } else if (!uniqueName(metricCount)) {
          return null;
        }
        // The tree the full path builds holds exactly these two kinds of number as a double.
        Number number = number();
        if (number == null) {
          return null;
        }
        double value = number.doubleValue();
        if (!Double.isFinite(value) || (keep && metrics.put(name, value) != null)) {
          return null; // 1e400, or a repeated name
        }
        metricCount++;
      } while (next());
      return closed() ? metrics : null;
    }

    private Map<String, String> attrs() {
      if (!open()) {
        return null;
      }
      Map<String, String> attrs = keep ? new LinkedHashMap<>() : Map.of();
      if (closes()) {
        return attrs;
      }
      int count = 0;
      do {
        if (count == limits.maxAttrs()) {
          return null;
        }
        if (keep) {
          String name = name();
          String value = name == null ? null : string();
          if (value == null || attrs.put(name, value) != null) {
            return null;
          }
          noteName(name.length());
          longestValue = Math.max(longestValue, value.length());
        } else {
          if (!uniqueName(count)) {
            return null;
          }
          int length = skipString();
          if (length < 0) {
            return null;
          }
          longestValue = Math.max(longestValue, length);
        }
        count++;
      } while (next());
      return closed() ? attrs : null;
    }

    private void noteName(int length) {
      shortestName = Math.min(shortestName, length);
      longestName = Math.max(longestName, length);
    }

    /**
     * Not keeping: a member's name and its colon, skipped, and {@code false} when it repeats one of
     * the {@code count} names of the object before it (kept as ranges in {@link #names}) or is not
     * plain. Comparing at most 64 short names pairwise costs less than hashing them.
     */
    private boolean uniqueName(int count) {
      int length = skipString();
      int start = pos - 1 - length; // the name's content, before its closing quote
      if (length < 0 || !colon()) {
        return false;
      }
      for (int i = 0; i < count; i++) {
        int other = names[2 * i];
        if (names[2 * i + 1] == length
            && Arrays.equals(in, other, other + length, in, start, start + length)) {
          return false;
        }
      }
      if (names == null) {
        names = new int[16];
      } else if (2 * count + 1 >= names.length) {
        names = Arrays.copyOf(names, names.length * 2);
      }
      names[2 * count] = start;
      names[2 * count + 1] = length;
      noteName(length);
      return true;
    }

    /**
     * Not keeping: a string after optional whitespace, skipped; its length, or -1 when it is not a
     * string or holds an escape, a DEL or a byte outside ASCII (the keeping read judges those).
     */
    private int skipString() {
      skipWhitespace();
      if (pos >= in.length || in[pos] != '"') {
        return -1;
      }
      int start = ++pos;
      while (pos < in.length) {
        byte b = in[pos];
        if (b == '"') {
          return pos++ - start;
        }
        if (b < 0x20 || b == '\\' || b == 0x7F) {
          return -1;
        }
        pos++;
      }
      return -1;
    }

    /** Whitespace, then {@code expected}: consumed and {@code true}, or {@code false}. */
    private boolean consume(byte expected) {
      skipWhitespace();
      if (pos < in.length && in[pos] == expected) {
        pos++;
        return true;
      }
      return false;
    }

    /** Whitespace, then the colon after a name. */
    private boolean colon() {
      return consume((byte) ':');
    }

    /** Whitespace, then {@code {}. */
    private boolean open() {
      return consume((byte) '{');
    }

    /** Whether the object just opened is empty; consumes its {@code }} if so. */
    private boolean closes() {
      return consume((byte) '}');
    }

    /** After a member: {@code true} on a comma (another member follows), {@code false} else. */
    private boolean next() {
      return consume((byte) ',');
    }

    /** The {@code }} that ends the object, after its last member. */
    private boolean closed() {
      if (pos < in.length && in[pos] == '}') {
        pos++;
        return true;
      }
      return false;
    }

    /**
     * A top-level member's name and its colon, as its bit ({@link #fieldBit}); 0 for any other name
     * or for what is not a name. The contract's names are matched on their bytes: no string is made
     * for them.
     */
    private int fieldName() {
      skipWhitespace();
      int start = pos + 1;
      int end = start;
      while (end < in.length && in[end] != '"' && in[end] != '\\' && in[end] >= 0x20) {
        end++;
      }
      if (pos >= in.length || in[pos] != '"' || end >= in.length || in[end] != '"') {
        return 0; // an escaped name is not one of the contract's
      }
      int field = 0;
      for (int i = 0; i < FIELD_NAMES.length; i++) {
        if (Arrays.equals(in, start, end, FIELD_NAMES[i], 0, FIELD_NAMES[i].length)) {
          field = 1 << i;
          break;
        }
      }
      pos = end + 1;
      skipWhitespace();
      if (field == 0 || pos >= in.length || in[pos] != ':') {
        return 0;
      }
      pos++;
      return field;
    }

    /** A member's name and its colon. */
    private String name() {
      String name = string();
      return name != null && colon() ? name : null;
    }

    private int peek() {
      skipWhitespace();
      return pos < in.length ? in[pos] : -1;
    }

    /** A JSON string after optional whitespace, with its escapes decoded. */
    private String string() {
      skipWhitespace();
      if (pos >= in.length || in[pos] != '"') {
        return null;
      }
      int start = ++pos;
      while (pos < in.length) {
        byte b = in[pos];
        if (b == '"') {
          // ASCII: the bytes are the characters
          return new String(in, start, pos++ - start, StandardCharsets.ISO_8859_1);
        }
        if (b == '\\') {
          return escapedString(start);
        }
        if (b < 0x20) {
          return null; // an unescaped control character is not JSON, and not ASCII: not plain
        }
        if (b == 0x7F) {
          printable = false; // DEL is a control character to the rules
        }
        pos++;
      }
      return null;
    }

    private String escapedString(int start) {
      printable = false; // an escape can stand for any character
      StringBuilder text = new StringBuilder(pos - start + 16);
      text.append(new String(in, start, pos - start, StandardCharsets.ISO_8859_1));
      while (pos < in.length) {
        byte b = in[pos++];
        if (b == '"') {
          return text.toString();
        }
        if (b < 0x20) {
          return null;
        }
        if (b != '\\') {
          text.append((char) b);
          continue;
        }
        if (pos >= in.length) {
          return null;
        }
        byte escape = in[pos++];
        switch (escape) {
          case '"', '\\', '/' -> text.append((char) escape);
          case 'b' -> text.append('\b');
          case 'f' -> text.append('\f');
          case 'n' -> text.append('\n');
          case 'r' -> text.append('\r');
          case 't' -> text.append('\t');
          case 'u' -> {
            if (pos + 4 > in.length) {
              return null;
            }
            int code = 0;
            for (int i = 0; i < 4; i++) {
              int digit = Character.digit(in[pos++], 16);
              if (digit < 0) {
                return null;
              }
              code = code * 16 + digit;
            }
            text.append((char) code);
          }
          default -> {
            return null;
          }
        }
      }
      return null;
    }

    /**
     * A JSON number after optional whitespace: a {@code Long} for an integer that fits one, a
     * {@code Double} for a number with a fraction or an exponent; {@code null} for anything else (a
     * larger integer, a literal longer than the full path allows, not a number).
     *
     * <p>A decimal of at most 15 digits without an exponent is its digits as an exact integer
     * divided by an exact power of ten: one correctly rounded division gives the same double as
     * {@link Double#parseDouble} (Clinger's fast path). Anything else is parsed from its text.
     */
    private Number number() {
      skipWhitespace();
      int start = pos;
      boolean negative = pos < in.length && in[pos] == '-';
      if (negative) {
        pos++;
      }
      int intStart = pos;
      if (pos < in.length && in[pos] == '0') {
        pos++;
      } else if (!digits()) {
        return null;
      }
      int intDigits = pos - intStart;
      int fractionStart = pos;
      boolean integer = true;
      if (pos < in.length && in[pos] == '.') {
        pos++;
        integer = false;
        fractionStart = pos;
        if (!digits()) {
          return null;
        }
      }
      int fractionDigits = integer ? 0 : pos - fractionStart;
      boolean exponent = false;
      if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
        pos++;
        integer = false;
        exponent = true;
        if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
          pos++;
        }
        if (!digits()) {
          return null;
        }
      }
      if (pos - start > EventJson.MAX_NUMBER_LENGTH || (pos < in.length && isNumberPart(in[pos]))) {
        return null; // too long for the full path, or 01, 1.2.3, ...
      }
      if (integer && intDigits <= 18) {
        long value = accumulate(intStart, intStart + intDigits, 0);
        return negative ? -value : value;
      }
      if (!exponent && intDigits + fractionDigits <= 15) {
        long digits = accumulate(intStart, intStart + intDigits, 0);
        digits = accumulate(fractionStart, fractionStart + fractionDigits, digits);
        double value = digits / POWERS_OF_TEN[fractionDigits];
        return negative ? -value : value;
      }
      String literal = new String(in, start, pos - start, StandardCharsets.ISO_8859_1);
      if (!integer) {
        return Double.parseDouble(literal);
      }
      if (intDigits > 19) {
        return null;
      }
      try {
        return Long.parseLong(literal);
      } catch (NumberFormatException e) {
        return null; // beyond a long: a BigInteger in the full path's tree
      }
    }

    /** {@code value} with the digits in {@code [from, to)} appended. */
    private long accumulate(int from, int to, long value) {
      for (int i = from; i < to; i++) {
        value = value * 10 + (in[i] - '0');
      }
      return value;
    }

    private boolean digits() {
      int start = pos;
      while (pos < in.length && in[pos] >= '0' && in[pos] <= '9') {
        pos++;
      }
      return pos > start;
    }

    private static boolean isNumberPart(byte b) {
      return (b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '+' || b == '-';
    }

    private void skipWhitespace() {
      while (pos < in.length) {
        byte b = in[pos];
        if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
          return;
        }
        pos++;
      }
    }
  }
}
