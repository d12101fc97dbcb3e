package dev.cornjacket.topology;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.topology.internal.Texts;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * An event as a front end received it, with what the server knows about its arrival: the value of
 * the raw topic ({@link Topics#raw()}).
 *
 * <p>Wire format (JSON, UTF-8, written by {@link RawEnvelopeSerde}):
 *
 * <pre>{@code
 * {"event": {...}, "received_at": "2026-11-22T10:00:00.123Z", "source": "http", "principal": "gateway-7"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code event}: the client's event exactly as sent, unknown fields included, except that
 *       {@code event_id} is always present (a server-assigned UUID when the client sent none);
 *   <li>{@code received_at}: when the front end received it, RFC 3339 in UTC;
 *   <li>{@code source}: the front end, {@value #SOURCE_HTTP} or {@value #SOURCE_MQTT};
 *   <li>{@code principal}: who sent it as authenticated by the front end, {@value #ANONYMOUS} when
 *       authentication is off.
 * </ul>
 *
 * <p>The event is not necessarily valid: the MQTT bridge forwards what devices publish, and the
 * topology validates it. The record keeps its own deep copy of {@code event}; treat the node {@link
 * #event()} returns as read-only.
 */
public record RawEnvelope(ObjectNode event, Instant receivedAt, String source, String principal) {

  public static final String SOURCE_HTTP = "http";
  public static final String SOURCE_MQTT = "mqtt";

  /** The principal of events received while authentication is off. */
  public static final String ANONYMOUS = "anonymous";

  /** Field names of the wire format. */
  static final String EVENT = "event";

  static final String RECEIVED_AT = "received_at";
  static final String SOURCE = "source";
  static final String PRINCIPAL = "principal";

  /**
   * Top-level names an event may not use, because the envelope adds them: the validator rejects
   * them so that no reader can mistake a client's claim for the server's.
   */
  public static final List<String> RESERVED_FIELD_NAMES = List.of(RECEIVED_AT, SOURCE, PRINCIPAL);

  private static final JsonStringEncoder JSON_STRINGS = JsonStringEncoder.getInstance();
  private static final Pattern SOURCE_NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
  // A source read back from the topic may be anything: keep its echo short and printable.
  private static final int MAX_ECHOED_SOURCE_LENGTH = 40;

  /**
   * @throws IllegalArgumentException when {@code event} has no {@code event_id} or {@code source}
   *     is not a lower-case name like {@code http}
   */
  public RawEnvelope {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(principal, "principal");
    if (!hasEventId(event)) {
      throw new IllegalArgumentException(
          "event must have an event_id; assign one with RawEnvelope.withEventId");
    }
    requireValidSource(source);
    event = event.deepCopy();
  }

  /** Same as {@link #SOURCE_NAME}, without a regular expression: it runs for every record. */
  private static boolean isSourceName(String source) {
    int length = source.length();
    if (length < 1 || length > 32 || source.charAt(0) < 'a' || source.charAt(0) > 'z') {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = source.charAt(i);
      boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  static void requireValidSource(String source) {
    if (!isSourceName(source)) {
      throw new IllegalArgumentException(
          "source must match "
              + SOURCE_NAME.pattern()
              + ", got '"
              + Texts.printable(source, MAX_ECHOED_SOURCE_LENGTH)
              + "'");
    }
  }

  /**
   * The envelope of an event received now, with a random UUID as {@code event_id} when the client
   * sent none.
   */
  public static RawEnvelope of(
      ObjectNode event, Instant receivedAt, String source, String principal) {
    return of(event, RawEnvelope::newEventId, receivedAt, source, principal);
  }

  /** The envelope of an event, with an id from {@code idSupplier} when the client sent none. */
  public static RawEnvelope of(
      ObjectNode event,
      Supplier<String> idSupplier,
      Instant receivedAt,
      String source,
      String principal) {
    return new RawEnvelope(withEventId(event, idSupplier), receivedAt, source, principal);
  }

  /**
   * {@code event} with an {@code event_id}: the same node when it has one (even an invalid one,
   * which the validator will report), otherwise a copy with the supplied id as its first field. A
   * JSON {@code null} counts as no id. The copy is shallow: nested nodes are shared.
   */
  public static ObjectNode withEventId(ObjectNode event, Supplier<String> idSupplier) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(idSupplier, "idSupplier");
    if (hasEventId(event)) {
      return event;
    }
    String eventId =
        Objects.requireNonNull(idSupplier.get(), "idSupplier must not supply a null id");
    ObjectNode copy = event.objectNode();
    copy.put(EventFields.EVENT_ID, eventId);
    for (Map.Entry<String, JsonNode> field : event.properties()) {
      if (!field.getKey().equals(EventFields.EVENT_ID)) {
        copy.set(field.getKey(), field.getValue());
      }
    }
    return copy;
  }

  /**
   * The JSON bytes of an event object with {@code "event_id": eventId} inserted as its first field,
   * leaving every other byte as received. The caller knows (from the parsed event) that {@code
   * eventJson} is one JSON object without an {@code event_id}.
   *
   * @throws IllegalArgumentException when {@code eventJson} does not start with an object
   */
  public static byte[] insertEventId(byte[] eventJson, String eventId) {
    Objects.requireNonNull(eventJson, "eventJson");
    Objects.requireNonNull(eventId, "eventId");
    int open = skipWhitespace(eventJson, 0);
    if (open >= eventJson.length || eventJson[open] != '{') {
      throw new IllegalArgumentException("eventJson must be a JSON object");
    }
    boolean empty = eventJson[skipWhitespace(eventJson, open + 1)] == '}';
    byte[] field =
        ("\""
                + EventFields.EVENT_ID
                + "\":\""
                + new String(JSON_STRINGS.quoteAsString(eventId))
                + "\""
                + (empty ? "" : ","))
            .getBytes(StandardCharsets.UTF_8);
    byte[] result = new byte[eventJson.length + field.length];
    System.arraycopy(eventJson, 0, result, 0, open + 1);
    System.arraycopy(field, 0, result, open + 1, field.length);
    System.arraycopy(
        eventJson, open + 1, result, open + 1 + field.length, eventJson.length - open - 1);
    return result;
  }

  private static int skipWhitespace(byte[] json, int from) {
    int i = from;
    while (i < json.length
        && (json[i] == ' ' || json[i] == '\t' || json[i] == '\n' || json[i] == '\r')) {
      i++;
    }
    return i;
  }

  /** A new random event id (a UUID). */
  public static String newEventId() {
    return UUID.randomUUID().toString();
  }

  /** Whether the event carries an {@code event_id} (a JSON {@code null} counts as none). */
  public static boolean hasEventId(ObjectNode event) {
    JsonNode eventId = event.get(EventFields.EVENT_ID);
    return eventId != null && !eventId.isNull();
  }
}
