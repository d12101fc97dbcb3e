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
    int size = ACCEPTED_OPEN.length + ACCEPTED_CLOSE.length + Math.max(ids.size() - 1, 0);
    for (String id : ids) {
      if (!isPlain(id)) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accepted", ids);
        answer.put("rejected", List.of());
        return json(answer);
      }
      size += id.length() + 2;
    }
    byte[] out = new byte[size];
    int at = put(out, 0, ACCEPTED_OPEN);
    for (int i = 0; i < ids.size(); i++) {
      if (i > 0) {
        out[at++] = ',';
      }
      String id = ids.get(i);
      out[at++] = '"';
      for (int j = 0; j < id.length(); j++) {
        out[at++] = (byte) id.charAt(j); // plain: every char is one ASCII byte
      }
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

  /** Printable ASCII without {@code "} and {@code \}: JSON writes it as it is. */
  private static boolean isPlain(String id) {
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
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
