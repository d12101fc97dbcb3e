package dev.cornjacket.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.cornjacket.topology.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The body of an ingest answer. The common one, every event accepted, lists each accepted id (500
 * in a typical batch) and was a tenth of the request threads' time through Jackson; when no id
 * needs an escape it is written straight into bytes, the same bytes Jackson writes.
 */
final class IngestAnswer {

  private static final byte[] ACCEPTED_OPEN = bytes("{\"accepted\":[");
  private static final byte[] ACCEPTED_CLOSE = bytes("],\"rejected\":[]}");

  private IngestAnswer() {}

  /** {@code {"accepted":[ids...],"rejected":[]}}. */
  static byte[] allAccepted(List<String> ids) {
    byte[][] encoded = new byte[ids.size()][];
    int size = ACCEPTED_OPEN.length + ACCEPTED_CLOSE.length + Math.max(ids.size() - 1, 0);
    for (int i = 0; i < encoded.length; i++) {
      String text = ids.get(i);
      byte[] id = text.getBytes(StandardCharsets.ISO_8859_1); // one byte per char
      if (!isPlain(id, text)) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", ids);
        answer.put("rejected", List.of());
        return json(answer);
      }
      encoded[i] = id;
      size += id.length + 2;
    }
    byte[] out = new byte[size];
    int at = put(out, 0, ACCEPTED_OPEN);
    for (int i = 0; i < encoded.length; i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      out[at++] = '"';
      at = put(out, at, encoded[i]);
      out[at++] = '"';
    }
    put(out, at, ACCEPTED_CLOSE);
    return out;
  }

  /**
   * Any answer, through the API's mapper, as {@code ctx.json} writes it: as text first, so that a
   * character outside the BMP stays one UTF-8 sequence (Jackson's byte writer escapes its two
   * surrogates).
   */
  static byte[] json(Map<String, ?> answer) {
    try {
      return EventJson.mapper().writeValueAsString(answer).getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the ingest answer cannot be written as JSON", e);
    }
  }

  /**
   * Printable ASCII without {@code "} and {@code \\}: JSON writes it as it is. {@code id} is {@code
   * text} in ISO 8859-1, which writes a char above 0xFF as {@code ?}: a {@code ?} counts only when
   * the text has one there.
   */
  private static boolean isPlain(byte[] id, String text) {
    for (int i = 0; i < id.length; i++) {
      byte b = id[i];
      if (b < 0x20 || b > 0x7E || b == '"' || b == '\\' || (b == '?' && text.charAt(i) != '?')) {
        return false;
      }
    }
    return true;
  }

  private static int put(byte[] out, int at, byte[] part) {
    System.arraycopy(part, 0, out, at, part.length);
    return at + part.length;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
