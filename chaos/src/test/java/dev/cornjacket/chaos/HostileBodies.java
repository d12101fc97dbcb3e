package dev.cornjacket.chaos;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

/**
 * A generator of hostile request bodies, reproducible from its seed: random bytes, valid events
 * mutated byte by byte, fields of the wrong type, huge numbers, NaN and Infinity, deep nesting,
 * very long strings, invalid UTF-8, duplicate keys, control characters, oversized bodies and
 * batches, NDJSON, and a share of valid events as a control. Each body says which kind it is, so
 * that outcomes can be counted by kind.
 */
final class HostileBodies {

  /** One generated body, its content type, and what kind of hostility it carries. */
  record Body(String kind, String contentType, byte[] bytes) {}

  private static final String[] TYPES = {"sensor", "user_action", "system"};
  private static final String[] NUMBERS = {
    "1e999999",
    "-1e400",
    "123456789012345678901234567890123456789",
    "0.0000000000000000000001e-999",
    "NaN",
    "Infinity",
    "-Infinity",
    "\"NaN\"",
    "\"Infinity\"",
    "\"-Infinity\"",
    "1E+2147483648",
    "-0",
    "0x10",
    "01",
    "1.",
    ".5",
    "+1",
    "9223372036854775808",
    "-9223372036854775809"
  };
  private static final String[] WRONG_VALUES = {
    "null",
    "true",
    "false",
    "[]",
    "{}",
    "[1,2,3]",
    "{\"a\":1}",
    "\"\"",
    "42",
    "-1",
    "3.14",
    "\"x\"",
    "[null]",
    "{\"\":\"\"}",
    "1e308"
  };
  private static final String[] FIELDS = {
    "event_id", "device_id", "type", "ts", "metrics", "attrs"
  };
  private static final String[] CONTENT_TYPES = {
    "application/json",
    "application/json; charset=utf-8",
    "application/x-ndjson",
    "text/plain",
    "application/octet-stream",
    "application/json; charset=latin1",
    "application/xml"
  };

  private final SplittableRandom random;
  private final long maxBody;
  private long counter;

  HostileBodies(long seed, long maxBody) {
    this.random = new SplittableRandom(seed);
    this.maxBody = maxBody;
  }

  Body next() {
    counter++;
    int pick = random.nextInt(100);
    if (pick < 6) {
      return json("valid", validEvent());
    } else if (pick < 8) {
      return json("future timestamps", futureEvent());
    } else if (pick < 18) {
      return new Body("random bytes", contentType(), randomBytes(random.nextInt(0, 2048)));
    } else if (pick < 38) {
      return new Body("mutated JSON", contentType(), mutate(validEvent().getBytes(UTF_8)));
    } else if (pick < 48) {
      return json("wrong types", wrongTypes());
    } else if (pick < 56) {
      return json("huge numbers / NaN", strangeNumber());
    } else if (pick < 61) {
      return json("deep nesting", deepNesting());
    } else if (pick < 65) {
      return json("long strings", longString());
    } else if (pick < 72) {
      return new Body("invalid UTF-8", contentType(), invalidUtf8());
    } else if (pick < 78) {
      return json("duplicate keys", duplicateKeys());
    } else if (pick < 85) {
      return json("control characters", controlCharacters());
    } else if (pick < 92) {
      return new Body("NDJSON", "application/x-ndjson", ndjson().getBytes(UTF_8));
    } else if (pick < 97) {
      return json("batches", batch());
    } else if (counter % 50 == 0) {
      return json("oversized", oversized());
    } else {
      return new Body(
          "random content type",
          CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)],
          validEvent().getBytes(UTF_8));
    }
  }

  private Body json(String kind, String json) {
    return new Body(kind, "application/json", json.getBytes(UTF_8));
  }

  private String contentType() {
    return random.nextInt(4) == 0
        ? CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)]
        : "application/json";
  }

  String validEvent() {
    return "{\"event_id\":\"fz-"
        + counter
        + "-"
        + random.nextInt(1_000_000)
        + "\",\"device_id\":\"fz-dev-"
        + random.nextInt(20)
        + "\",\"type\":\""
        + TYPES[random.nextInt(TYPES.length)]
        + "\",\"ts\":"
        + System.currentTimeMillis()
        + ",\"metrics\":{\"temperature\":"
        + random.nextInt(-40, 60)
        + ".5},\"attrs\":{\"fw\":\"1.0\"}}";
  }

  /** A valid event whose {@code ts} is 1 to 23 hours ahead: valid by the contract. */
  private String futureEvent() {
    long ahead = random.nextLong(3_600_000L, 23 * 3_600_000L);
    return validEvent()
        .replaceFirst("\"ts\":\\d+", "\"ts\":" + (System.currentTimeMillis() + ahead));
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    return bytes;
  }

  private byte[] mutate(byte[] input) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(input);
    byte[] bytes = out.toByteArray();
    int mutations = random.nextInt(1, 8);
    for (int m = 0; m < mutations && bytes.length > 0; m++) {
      int at = random.nextInt(bytes.length);
      switch (random.nextInt(5)) {
        case 0 -> bytes[at] = (byte) random.nextInt(256); // replace a byte
        case 1 -> bytes = splice(bytes, at, at + 1, new byte[0]); // delete one
        case 2 -> bytes = splice(bytes, at, at, new byte[] {(byte) random.nextInt(256)}); // insert
        case 3 -> { // repeat a chunk
          int end = Math.min(bytes.length, at + random.nextInt(1, 32));
          byte[] chunk = java.util.Arrays.copyOfRange(bytes, at, end);
          bytes = splice(bytes, at, at, chunk);
        }
        default -> { // insert a JSON token
          String token =
              WRONG_VALUES[random.nextInt(WRONG_VALUES.length)]
                  + ",:\"{}[]".charAt(random.nextInt(7));
          bytes = splice(bytes, at, at, token.getBytes(UTF_8));
        }
      }
    }
    return bytes;
  }

  private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
    byte[] result = new byte[bytes.length - (to - from) + insert.length];
    System.arraycopy(bytes, 0, result, 0, from);
    System.arraycopy(insert, 0, result, from, insert.length);
    System.arraycopy(bytes, to, result, from + insert.length, bytes.length - to);
    return result;
  }

  private String wrongTypes() {
    StringBuilder json = new StringBuilder("{");
    for (int i = 0; i < FIELDS.length; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append('"').append(FIELDS[i]).append("\":");
      if (random.nextInt(3) == 0) {
        json.append(WRONG_VALUES[random.nextInt(WRONG_VALUES.length)]);
      } else {
        json.append(
            switch (FIELDS[i]) {
              case "event_id" -> "\"fz-wt-" + counter + "\"";
              case "device_id" -> "\"fz-dev-1\"";
              case "type" -> "\"sensor\"";
              case "ts" -> Long.toString(System.currentTimeMillis());
              case "metrics" -> "{\"t\":" + WRONG_VALUES[random.nextInt(WRONG_VALUES.length)] + "}";
              default -> "{\"a\":" + WRONG_VALUES[random.nextInt(WRONG_VALUES.length)] + "}";
            });
      }
    }
    return json.append('}').toString();
  }

  private String strangeNumber() {
    String number = NUMBERS[random.nextInt(NUMBERS.length)];
    return switch (random.nextInt(3)) {
      case 0 ->
          "{\"event_id\":\"fz-n-"
              + counter
              + "\",\"device_id\":\"fz-dev-2\",\"type\":\"sensor\",\"ts\":"
              + System.currentTimeMillis()
              + ",\"metrics\":{\"temperature\":"
              + number
              + "}}";
      case 1 ->
          "{\"event_id\":\"fz-n-"
              + counter
              + "\",\"device_id\":\"fz-dev-2\",\"type\":\"sensor\",\"ts\":"
              + number
              + ",\"metrics\":{\"temperature\":1}}";
      default -> number;
    };
  }

  private String deepNesting() {
    int depth = random.nextInt(100, 200_000);
    boolean arrays = random.nextBoolean();
    StringBuilder json = new StringBuilder(depth * 6);
    for (int i = 0; i < depth; i++) {
      json.append(arrays ? "[" : "{\"a\":");
    }
    json.append("1");
    for (int i = 0; i < depth; i++) {
      json.append(arrays ? "]" : "}");
    }
    return random.nextBoolean()
        ? "{\"event_id\":\"fz-d\",\"device_id\":\"fz-dev-3\",\"type\":\"sensor\",\"ts\":1,"
            + "\"metrics\":"
            + json
            + "}"
        : json.toString();
  }

  private String longString() {
    int length = random.nextInt(1_000, (int) Math.min(2_000_000, maxBody / 2));
    String s = "x".repeat(length);
    String field = FIELDS[random.nextInt(FIELDS.length)];
    return switch (field) {
      case "metrics" ->
          "{\"device_id\":\"fz-dev-4\",\"type\":\"sensor\",\"ts\":1,\"metrics\":{\"" + s + "\":1}}";
      case "attrs" ->
          "{\"device_id\":\"fz-dev-4\",\"type\":\"system\",\"ts\":"
              + System.currentTimeMillis()
              + ",\"attrs\":{\"a\":\""
              + s
              + "\"}}";
      default ->
          "{\""
              + field
              + "\":\""
              + s
              + "\",\"device_id\":\"fz-dev-4\",\"type\":\"system\",\"ts\":1}";
    };
  }

  private byte[] invalidUtf8() {
    byte[][] bad = {
      {(byte) 0xC3, 0x28},
      {(byte) 0xFF},
      {(byte) 0xC0, (byte) 0xAF},
      {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
      {(byte) 0xE2, (byte) 0x82},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}
    };
    byte[] event = validEvent().getBytes(UTF_8);
    // inside a string value: after the opening quote of device_id's value
    int at = indexOf(event, "fz-dev-".getBytes(UTF_8));
    return splice(event, at, at, bad[random.nextInt(bad.length)]);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return 0;
  }

  private String duplicateKeys() {
    String field = FIELDS[random.nextInt(FIELDS.length)];
    String event = validEvent();
    return event.substring(0, event.length() - 1)
        + ",\""
        + field
        + "\":"
        + WRONG_VALUES[random.nextInt(WRONG_VALUES.length)]
        + "}";
  }

  private String controlCharacters() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < random.nextInt(1, 10); i++) {
      char c = (char) random.nextInt(0, 0x20);
      s.append(random.nextBoolean() ? String.valueOf(c) : "\\u%04x".formatted((int) c));
    }
    s.append(random.nextBoolean() ? "\\ud800" : "\u2028\u202e\ufeff");
    String field = random.nextBoolean() ? "device_id" : "event_id";
    return "{\""
        + field
        + "\":\"fz"
        + s
        + "\",\""
        + (field.equals("device_id") ? "event_id" : "device_id")
        + "\":\"fz-dev-5\",\"type\":\"sensor\",\"ts\":"
        + System.currentTimeMillis()
        + ",\"metrics\":{\"t\":1}}";
  }

  private String ndjson() {
    StringBuilder lines = new StringBuilder();
    int n = random.nextInt(1, 20);
    for (int i = 0; i < n; i++) {
      lines.append(
          random.nextInt(3) == 0
              ? new String(mutate(validEvent().getBytes(UTF_8)), UTF_8)
              : validEvent());
      lines.append(random.nextBoolean() ? "\n" : "\r\n");
    }
    return lines.toString();
  }

  private String batch() {
    int n = random.nextInt(5) == 0 ? random.nextInt(10_001, 12_000) : random.nextInt(0, 30);
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        json.append(',');
      }
      json.append(
          random.nextInt(4) == 0
              ? WRONG_VALUES[random.nextInt(WRONG_VALUES.length)]
              : validEvent());
    }
    return json.append(']').toString();
  }

  private String oversized() {
    int length = (int) maxBody + random.nextInt(1, 64 * 1024);
    return "{\"device_id\":\"fz-dev-6\",\"attrs\":{\"a\":\"" + "y".repeat(length) + "\"}}";
  }
}
