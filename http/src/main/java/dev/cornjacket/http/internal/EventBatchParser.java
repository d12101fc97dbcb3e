package dev.cornjacket.http.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cornjacket.topology.EventJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a request body into items: one JSON object, a JSON array of objects, or NDJSON lines. A
 * malformed NDJSON line is one rejected item; a malformed JSON body is a 400 for the whole request,
 * because nothing in it can be trusted.
 */
final class EventBatchParser {

  private final int maxItems;

  EventBatchParser(int maxItems) {
    if (maxItems <= 0) {
      throw new IllegalArgumentException("maxItems must be positive: " + maxItems);
    }
    this.maxItems = maxItems;
  }

  /**
   * One item of a batch: where the body kept it whole (NDJSON lines, a single object), its bytes as
   * received; and its parsed tree, or why it could not be parsed. An NDJSON line is parsed on first
   * use only: most events are accepted from their bytes ({@code EventValidator.quickAccept}).
   */
  static final class Item {
    private final byte[] json;
    private JsonNode node;
    private String parseError;

    private Item(JsonNode node, byte[] json) {
      this.node = node;
      this.json = json;
    }

    static Item parsed(JsonNode node, byte[] json) {
      return new Item(node, json);
    }

    static Item unparsed(byte[] json) {
      return new Item(null, json);
    }

    /** The bytes as received, or {@code null} for an element of a JSON array. */
    byte[] json() {
      return json;
    }

    /** The parsed item, or {@code null} when it is not valid JSON. */
    JsonNode node() {
      parseOnce();
      return node;
    }

    /** Why the item is not valid JSON, or {@code null} when it is. */
    String parseError() {
      parseOnce();
      return parseError;
    }

    private void parseOnce() {
      if (node != null || parseError != null) {
        return;
      }
      try {
        node = EventJson.readTree(json);
      } catch (JacksonException e) {
        parseError = "not valid JSON: " + e.getOriginalMessage();
      }
    }
  }

  List<Item> parse(byte[] body, BodyFormat format) {
    return switch (format) {
      case JSON -> parseJson(body);
      case NDJSON -> parseNdjson(body);
    };
  }

  private List<Item> parseJson(byte[] body) {
    if (isBlank(body, 0, body.length)) {
      throw new ApiException(400, "empty_body", "the body is empty; send an event or an array");
    }
    JsonNode root;
    try {
      // EventJson, not a plain mapper: it rejects malformed UTF-8 that Jackson alone would accept
      root = EventJson.readTree(body);
    } catch (JacksonException e) {
      throw new ApiException(
          400, "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (root.isObject()) {
      return List.of(Item.parsed(root, trimmed(body, 0, body.length)));
    }
    if (!root.isArray()) {
      throw new ApiException(
          400,
          "invalid_body",
          "the body must be an event object or an array of events, not a " + root.getNodeType());
    }
    if (root.isEmpty()) {
      throw new ApiException(400, "empty_batch", "the array holds no events");
    }
    checkItemCount(root.size());
    List<Item> items = new ArrayList<>(root.size());
    root.forEach(node -> items.add(Item.parsed(node, null)));
    return items;
  }

  private List<Item> parseNdjson(byte[] body) {
    List<Item> items = new ArrayList<>();
    int count = 0; // non-blank lines; past the limit they are counted for the message, not copied
    int start = 0;
    while (start <= body.length) {
      int newline = Bytes.indexOf(body, start, (byte) '\n');
      int end = newline < 0 ? body.length : newline;
      if (!isBlank(body, start, end) && ++count <= maxItems) {
        items.add(Item.unparsed(trimmed(body, start, end)));
      }
      start = end + 1;
    }
    if (count == 0) {
      throw new ApiException(400, "empty_batch", "the body holds no NDJSON lines");
    }
    checkItemCount(count);
    return items;
  }

  /**
   * The bytes of one item without surrounding whitespace or a leading byte order mark, so that they
   * can be placed into the raw envelope as they are.
   */
  private static byte[] trimmed(byte[] body, int from, int to) {
    int start = from;
    if (to - start >= 3
        && body[start] == (byte) 0xEF
        && body[start + 1] == (byte) 0xBB
        && body[start + 2] == (byte) 0xBF) {
      start += 3;
    }
    while (start < to && isWhitespace(body[start])) {
      start++;
    }
    int end = to;
    while (end > start && isWhitespace(body[end - 1])) {
      end--;
    }
    return Arrays.copyOfRange(body, start, end);
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }

  private static boolean isBlank(byte[] body, int from, int to) {
    for (int i = from; i < to; i++) {
      if (!isWhitespace(body[i])) {
        return false;
      }
    }
    return true;
  }

  private void checkItemCount(int count) {
    if (count > maxItems) {
      throw new ApiException(
          413,
          "too_many_events",
          "the request holds " + count + " events, the limit is " + maxItems + " per request");
    }
  }
}
