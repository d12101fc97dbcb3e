package dev.cornjacket.topology;

import static dev.cornjacket.topology.EventFields.ATTRS;
import static dev.cornjacket.topology.EventFields.DEVICE_ID;
import static dev.cornjacket.topology.EventFields.EVENT_ID;
import static dev.cornjacket.topology.EventFields.METRICS;
import static dev.cornjacket.topology.EventFields.TS;
import static dev.cornjacket.topology.EventFields.TYPE;
import static dev.cornjacket.topology.FieldError.ROOT;
import static dev.cornjacket.topology.RejectReason.BAD_TYPE;
import static dev.cornjacket.topology.RejectReason.BAD_VALUE;
import static dev.cornjacket.topology.RejectReason.INVALID_JSON;
import static dev.cornjacket.topology.RejectReason.MISSING_FIELD;
import static dev.cornjacket.topology.RejectReason.TOO_LARGE;
import static dev.cornjacket.topology.RejectReason.TS_OUT_OF_RANGE;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.topology.internal.ByteCounter;
import dev.cornjacket.topology.internal.Durations;
import dev.cornjacket.topology.internal.ErrorCollector;
import dev.cornjacket.topology.internal.JsonTypes;
import dev.cornjacket.topology.internal.Rfc3339;
import dev.cornjacket.topology.internal.Texts;
import dev.cornjacket.topology.internal.Texts.Forbidden;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks one event against the contract (DESIGN.md "Event (contract)") and turns it into an {@link
 * Event}. The HTTP front end, the MQTT bridge and the Kafka Streams topology all use this class, so
 * an event accepted at the edge is accepted downstream.
 *
 * <p>Rules, with the {@link RejectReason} of each violation:
 *
 * <ul>
 *   <li>The event is a JSON object ({@code BAD_TYPE} at {@value FieldError#ROOT}), at most {@link
 *       ValidationLimits#maxEventBytes()} bytes as received and when written compactly ({@code
 *       TOO_LARGE} at {@code $}). Bytes must be strict JSON ({@code INVALID_JSON} at {@code $}, see
 *       {@link EventJson}).
 *   <li>{@code event_id}, optional: a string ({@code BAD_TYPE}) of 1 to {@code maxIdLength}
 *       characters without control characters or unpaired surrogates ({@code BAD_VALUE}). The
 *       validator never invents one; front ends assign it first ({@link RawEnvelope#withEventId}).
 *   <li>{@code device_id}, required ({@code MISSING_FIELD}): a string ({@code BAD_TYPE}) matching
 *       {@code [A-Za-z0-9._:-]{1,maxIdLength}} ({@code BAD_VALUE}).
 *   <li>{@code type}, required: a string, one of {@code sensor}, {@code user_action}, {@code
 *       system}, case-sensitive ({@code BAD_VALUE}).
 *   <li>{@code ts}, required: an RFC 3339 string ({@link Rfc3339}) or a non-negative integer number
 *       of epoch milliseconds (a fractional number such as {@code 1.7E12} is {@code BAD_VALUE};
 *       other JSON types are {@code BAD_TYPE}); from {@code maxAge} before to {@code maxFutureSkew}
 *       after the clock (or the reference instant given), both ends included ({@code
 *       TS_OUT_OF_RANGE}).
 *   <li>{@code metrics}: an object ({@code BAD_TYPE}) of at most {@code maxMetrics} entries ({@code
 *       TOO_LARGE}); each value a finite number ({@code BAD_TYPE} for other JSON types, {@code
 *       BAD_VALUE} for numbers too big for a double). Required ({@code MISSING_FIELD}) and
 *       non-empty ({@code BAD_VALUE}) for {@code sensor}, optional otherwise.
 *   <li>{@code attrs}, optional: an object ({@code BAD_TYPE}) of at most {@code maxAttrs} entries
 *       ({@code TOO_LARGE}); each value a string ({@code BAD_TYPE}) of at most {@value
 *       ValidationLimits#MAX_ATTR_VALUE_LENGTH} characters without NUL or unpaired surrogates
 *       ({@code BAD_VALUE}).
 *   <li>Metric and attribute names: 1 to {@code maxIdLength} characters, no control characters, no
 *       unpaired surrogates ({@code BAD_VALUE} at {@code metrics.<name>} or {@code attrs.<name>}).
 * </ul>
 *
 * <p><b>Unknown top-level fields are accepted and ignored</b>, like mature ingest APIs do, so that
 * gateways can send newer fields to an older server. They stay in the raw topic as sent but are not
 * part of {@link Event}. The exception are the names the server's envelope uses ({@link
 * RawEnvelope#RESERVED_FIELD_NAMES}: {@code received_at}, {@code source}, {@code principal}): they
 * are {@code BAD_VALUE}, because a client must not appear to set what only the server knows.
 *
 * <p>A JSON {@code null} counts as absent, as in the proto3 JSON mapping: an optional field may be
 * {@code null}, a required one is then missing. Map values may not be {@code null}.
 *
 * <p>Every error of an event is reported, not just the first, in a fixed order: the event as a
 * whole, then the fields in the order above, then reserved names. The entries of a map over its
 * size limit are not checked one by one, so an event never has more than about {@code maxMetrics +
 * maxAttrs + 10} errors. Messages never echo the offending value (it may be huge or hostile); they
 * describe it.
 *
 * <p>Thread-safe and stateless apart from its limits and clock.
 */
public final class EventValidator {

  private static final String TS_FORMATS =
      "an RFC 3339 timestamp such as 2026-11-22T10:00:00Z or 2026-11-22T10:00:00.123+01:00";
  private static final String ALLOWED_TYPES =
      Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.joining(", "));
  // Jackson's messages may quote input (a duplicate key, an unexpected token): keep them short.
  private static final int MAX_PARSE_MESSAGE_LENGTH = 200;

  private final ValidationLimits limits;
  private final Clock clock;
  private final String deviceIdPattern;

  /**
   * @param limits the limits to enforce, usually {@link ValidationLimits#DEFAULTS}
   * @param clock the clock {@code ts} is compared with
   */
  public EventValidator(ValidationLimits limits, Clock clock) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.deviceIdPattern = "[A-Za-z0-9._:-]{1," + limits.maxIdLength() + "}";
  }

  public ValidationLimits limits() {
    return limits;
  }

  /**
   * Validates one already-parsed event, for example one item of a JSON array. Its size is measured
   * by writing it compactly with {@link EventJson}; nesting deeper than {@link
   * EventJson#MAX_NESTING_DEPTH} is {@code INVALID_JSON}.
   */
  public ValidationResult validate(JsonNode item) {
    Objects.requireNonNull(item, "item");
    if (!(item instanceof ObjectNode event)) {
      return notAnObject(item);
    }
    ErrorCollector errors = new ErrorCollector();
    checkSerializedSize(event, errors);
    return validateFields(event, errors, serverTime());
  }

  /**
   * Validates one parsed event whose JSON encoding is known to be {@code encodedBytes} long (the
   * bytes as received, plus an inserted {@code event_id}), so that measuring it does not mean
   * writing it again.
   */
  public ValidationResult validate(JsonNode item, int encodedBytes) {
    return validate(item, encodedBytes, serverTime());
  }

  /**
   * Like {@link #validate(JsonNode, int)}, but with {@code ts} checked against {@code reference}
   * rather than the clock: the Kafka Streams topology passes the envelope's {@code received_at}, so
   * that an event is judged by when it arrived, and replaying old data (or a topic after an outage)
   * gives the same answer as ingesting it live did.
   */
  public ValidationResult validate(JsonNode item, int encodedBytes, Instant reference) {
    Objects.requireNonNull(reference, "reference");
    return validate(item, encodedBytes, new TimeReference(reference, "the time of receipt"));
  }

  private ValidationResult validate(JsonNode item, int encodedBytes, TimeReference reference) {
    Objects.requireNonNull(item, "item");
    if (!(item instanceof ObjectNode event)) {
      return notAnObject(item);
    }
    ErrorCollector errors = new ErrorCollector();
    if (encodedBytes > limits.maxEventBytes()) {
      errors.add(TOO_LARGE, ROOT, tooLargeMessage(encodedBytes));
    }
    return validateFields(event, errors, reference);
  }

  /** What {@code ts} is compared with, and how messages name it. */
  private record TimeReference(Instant instant, String description) {}

  private TimeReference serverTime() {
    return new TimeReference(clock.instant(), "the server time");
  }

  /**
   * Parses and validates one event. Bytes over {@link ValidationLimits#maxEventBytes()} are
   * rejected before parsing; bytes that are not strict JSON in UTF-8 are {@code INVALID_JSON}.
   */
  public ValidationResult validate(byte[] json) {
    Objects.requireNonNull(json, "json");
    if (json.length > limits.maxEventBytes()) {
      return singleError(TOO_LARGE, ROOT, tooLargeMessage(json.length));
    }
    JsonNode item;
    try {
      item = EventJson.readTree(EventJson.eventMapper(), json);
    } catch (JsonProcessingException e) {
      return singleError(INVALID_JSON, ROOT, "is not valid JSON: " + describe(e));
    }
    return validate(item);
  }

  /**
   * The fast path of ingest: the event {@code json} holds when it is, beyond doubt, valid against
   * the server time; {@code null} when it is not, or when this check cannot tell (anything but the
   * plain shape devices send, see {@link PlainEventReader}). Then {@link #validate(JsonNode, int)}
   * of the parsed bytes gives the verdict and the errors. It never accepts what that would reject,
   * and returns the same {@link Event}; it just builds no tree on the way. An event without {@code
   * event_id} comes back without one: the caller inserts it and checks the size again.
   */
  public Event quickAccept(byte[] json) {
    return quickAccept(json, serverTime());
  }

  /**
   * As {@link #quickAccept(byte[])}, with {@code ts} judged against {@code reference} (the time of
   * receipt) as {@link #validate(JsonNode, int, Instant)} does.
   */
  public Event quickAccept(byte[] json, Instant reference) {
    Objects.requireNonNull(reference, "reference");
    return quickAccept(json, new TimeReference(reference, "the time of receipt"));
  }

  /** The ids of an event {@link #quickAcceptIds accepted from its bytes}. */
  public record AcceptedIds(String eventId, String deviceId) {}

  /**
   * As {@link #quickAccept(byte[])}, when the caller needs only the event's ids: HTTP ingest, which
   * passes the bytes on as they came. The same verdict, without keeping the metrics and attributes
   * on the way ({@link PlainEventReader#check}): making their names, values and maps, and the
   * {@link Event}, was a sixth of HTTP ingest's request threads.
   */
  public AcceptedIds quickAcceptIds(byte[] json) {
    Objects.requireNonNull(json, "json");
    if (json.length > limits.maxEventBytes()) {
      return null;
    }
    TimeReference reference = serverTime();
    PlainEventReader.Fields fields = PlainEventReader.check(json, limits);
    if (fields == null) {
      Event event = quickAccept(json, reference); // escapes and DEL: read and judged in full
      return event == null ? null : new AcceptedIds(event.eventId(), event.deviceId());
    }
    return plainTs(fields, reference) == null
        ? null
        : new AcceptedIds(fields.eventId(), fields.deviceId());
  }

  private Event quickAccept(byte[] json, TimeReference reference) {
    Objects.requireNonNull(json, "json");
    if (json.length > limits.maxEventBytes()) {
      return null;
    }
    PlainEventReader.Fields fields = PlainEventReader.read(json, limits);
    Instant ts = fields == null ? null : plainTs(fields, reference);
    if (ts == null) {
      return null;
    }
    return new Event(
        fields.eventId(),
        fields.deviceId(),
        EventType.fromWireName(fields.type()).orElseThrow(),
        ts,
        Event.adopt(fields.metrics()),
        Event.adopt(fields.attrs()));
  }

  /**
   * The {@code ts} of a plain event when every rule holds for what was read; {@code null} when one
   * does not, or when the full path must tell.
   */
  private Instant plainTs(PlainEventReader.Fields fields, TimeReference reference) {
    boolean printable = fields.printable();
    if ((fields.eventId() != null && !isIdentifier(fields.eventId(), printable))
        || deviceIdProblem(fields.deviceId()).isPresent()) {
      return null;
    }
    EventType type = EventType.fromWireName(fields.type()).orElse(null);
    if (type == null || (type == EventType.SENSOR && fields.metricCount() == 0)) {
      return null;
    }
    if (printable) {
      // no forbidden character anywhere, and as many code points as chars: lengths are all
      if (fields.shortestName() < 1
          || fields.longestName() > limits.maxIdLength()
          || fields.longestValue() > ValidationLimits.MAX_ATTR_VALUE_LENGTH) {
        return null;
      }
    } else if (!namesAndValuesHold(fields)) {
      return null;
    }
    // Messages are built only for an event the quick path then gives up on.
    ErrorCollector errors = new ErrorCollector();
    Instant ts = quickTs(fields, reference, errors);
    return ts == null || !errors.isEmpty() ? null : ts;
  }

  private boolean namesAndValuesHold(PlainEventReader.Fields fields) {
    for (String name : fields.metrics().keySet()) {
      if (identifierProblem(name).isPresent()) {
        return false;
      }
    }
    for (Map.Entry<String, String> attr : fields.attrs().entrySet()) {
      if (identifierProblem(attr.getKey()).isPresent()
          || attrValueProblem(attr.getValue()).isPresent()) {
        return false;
      }
    }
    return true;
  }

  private Instant quickTs(
      PlainEventReader.Fields fields, TimeReference reference, ErrorCollector errors) {
    if (fields.tsText() != null) {
      return readRfc3339(fields.tsText(), reference, errors);
    }
    Instant ts = Instant.ofEpochMilli(fields.tsMillis());
    checkTsInRange(ts, true, reference, errors);
    return ts;
  }

  /**
   * Whether {@code deviceId} is a valid device id, for ids that do not come in an event: an MQTT
   * topic, a query path.
   */
  public boolean isValidDeviceId(String deviceId) {
    Objects.requireNonNull(deviceId, "deviceId");
    return deviceIdProblem(deviceId).isEmpty();
  }

  private ValidationResult validateFields(
      ObjectNode event, ErrorCollector errors, TimeReference reference) {
    String eventId = readEventId(event, errors);
    String deviceId = readDeviceId(event, errors);
    EventType type = readType(event, errors);
    Instant ts = readTs(event, reference, errors);
    Map<String, Double> metrics = readMetrics(event, type, errors);
    Map<String, String> attrs = readAttrs(event, errors);
    rejectReservedFields(event, errors);
    if (!errors.isEmpty()) {
      return errors.toInvalid();
    }
    return new ValidationResult.Valid(new Event(eventId, deviceId, type, ts, metrics, attrs));
  }

  private void checkSerializedSize(ObjectNode event, ErrorCollector errors) {
    ByteCounter counter = new ByteCounter();
    try {
      EventJson.eventMapper().writeValue(counter, event);
    } catch (JsonProcessingException e) {
      errors.add(INVALID_JSON, ROOT, "cannot be written as JSON: " + describe(e));
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("counting bytes does not do I/O, yet it failed", e);
    }
    if (counter.count() > limits.maxEventBytes()) {
      errors.add(TOO_LARGE, ROOT, tooLargeMessage(counter.count()));
    }
  }

  private String readEventId(ObjectNode event, ErrorCollector errors) {
    JsonNode node = presentField(event, EVENT_ID);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      errors.add(BAD_TYPE, EVENT_ID, "must be a string, got " + JsonTypes.describe(node));
      return null;
    }
    String eventId = node.textValue();
    identifierProblem(eventId).ifPresent(problem -> errors.add(BAD_VALUE, EVENT_ID, problem));
    return eventId;
  }

  private String readDeviceId(ObjectNode event, ErrorCollector errors) {
    String deviceId = readRequiredString(event, DEVICE_ID, errors);
    if (deviceId == null) {
      return null;
    }
    deviceIdProblem(deviceId)
        .ifPresent(
            problem ->
                errors.add(BAD_VALUE, DEVICE_ID, "must match " + deviceIdPattern + ": " + problem));
    return deviceId;
  }

  private EventType readType(ObjectNode event, ErrorCollector errors) {
    String wireName = readRequiredString(event, TYPE, errors);
    if (wireName == null) {
      return null;
    }
    Optional<EventType> type = EventType.fromWireName(wireName);
    if (type.isEmpty()) {
      errors.add(BAD_VALUE, TYPE, "must be one of " + ALLOWED_TYPES);
    }
    return type.orElse(null);
  }

  private Instant readTs(ObjectNode event, TimeReference reference, ErrorCollector errors) {
    JsonNode node = presentField(event, TS);
    if (node == null) {
      errors.add(MISSING_FIELD, TS, "is required");
      return null;
    }
    if (node.isTextual()) {
      return readRfc3339(node.textValue(), reference, errors);
    }
    if (node.isNumber()) {
      return readEpochMillis(node, reference, errors);
    }
    errors.add(
        BAD_TYPE,
        TS,
        "must be "
            + TS_FORMATS
            + " or an integer number of epoch milliseconds, got "
            + JsonTypes.describe(node));
    return null;
  }

  private Instant readRfc3339(String text, TimeReference reference, ErrorCollector errors) {
    if (!Rfc3339.hasShape(text)) {
      errors.add(BAD_VALUE, TS, "must be " + TS_FORMATS);
      return null;
    }
    Instant ts;
    try {
      ts = Rfc3339.parse(text);
    } catch (DateTimeException e) {
      // The cause names the bad part ("Invalid date 'FEBRUARY 30'"); the text passed the shape
      // check, so echoing it is safe.
      Throwable detail = e.getCause() != null ? e.getCause() : e;
      errors.add(BAD_VALUE, TS, "is not a valid date and time: " + detail.getMessage());
      return null;
    }
    checkTsInRange(ts, false, reference, errors);
    return ts;
  }

  private Instant readEpochMillis(JsonNode node, TimeReference reference, ErrorCollector errors) {
    if (!node.isIntegralNumber()) {
      errors.add(
          BAD_VALUE,
          TS,
          "must be an integer number of epoch milliseconds, got a fractional number");
      return null;
    }
    if (!node.canConvertToLong()) {
      errors.add(BAD_VALUE, TS, "is out of range for epoch milliseconds");
      return null;
    }
    long epochMillis = node.longValue();
    if (epochMillis < 0) {
      errors.add(BAD_VALUE, TS, "must not be negative epoch milliseconds");
      return null;
    }
    Instant ts = Instant.ofEpochMilli(epochMillis);
    checkTsInRange(ts, true, reference, errors);
    return ts;
  }

  /**
   * Whether {@code ts} is within the limits around {@code now} by more than a millisecond on either
   * side: the common case, told in whole milliseconds without the exact {@link Duration} arithmetic
   * below, which decides everything closer to a limit.
   */
  private boolean clearlyInRange(Instant ts, Instant now) {
    try {
      long tsMillis = ts.toEpochMilli();
      long nowMillis = now.toEpochMilli();
      return tsMillis < Math.addExact(nowMillis, limits.maxFutureSkew().toMillis()) - 1
          && tsMillis > Math.subtractExact(nowMillis, limits.maxAge().toMillis()) + 1;
    } catch (ArithmeticException e) {
      return false; // limits beyond what milliseconds hold: the exact check decides
    }
  }

  private void checkTsInRange(
      Instant ts, boolean fromEpochMillis, TimeReference reference, ErrorCollector errors) {
    Instant now = reference.instant();
    if (clearlyInRange(ts, now)) {
      return;
    }
    Duration ahead = Duration.between(now, ts);
    if (ahead.compareTo(limits.maxFutureSkew()) > 0) {
      errors.add(
          TS_OUT_OF_RANGE,
          TS,
          "is "
              + Durations.describe(ahead.minus(limits.maxFutureSkew()))
              + " later than allowed: must be at most "
              + Durations.describe(limits.maxFutureSkew())
              + " after "
              + reference.description()
              + " "
              + now);
      return;
    }
    Duration age = ahead.negated();
    if (age.compareTo(limits.maxAge()) > 0) {
      String hint =
          fromEpochMillis && isInRange(Instant.ofEpochSecond(ts.toEpochMilli()), now)
              ? "; ts is read as epoch milliseconds and this looks like epoch seconds"
              : "";
      errors.add(
          TS_OUT_OF_RANGE,
          TS,
          "is "
              + Durations.describe(age.minus(limits.maxAge()))
              + " earlier than allowed: must be at most "
              + Durations.describe(limits.maxAge())
              + " before "
              + reference.description()
              + " "
              + now
              + hint);
    }
  }

  private boolean isInRange(Instant ts, Instant now) {
    Duration ahead = Duration.between(now, ts);
    return ahead.compareTo(limits.maxFutureSkew()) <= 0
        && ahead.negated().compareTo(limits.maxAge()) <= 0;
  }

  private Map<String, Double> readMetrics(ObjectNode event, EventType type, ErrorCollector errors) {
    boolean required = type == EventType.SENSOR;
    JsonNode node = presentField(event, METRICS);
    if (node == null) {
      if (required) {
        errors.add(MISSING_FIELD, METRICS, "is required for type " + type.wireName());
      }
      return Map.of();
    }
    if (!isObjectWithinLimit(node, METRICS, limits.maxMetrics(), errors)) {
      return Map.of();
    }
    if (required && node.isEmpty()) {
      errors.add(
          BAD_VALUE, METRICS, "must contain at least one metric for type " + type.wireName());
      return Map.of();
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      checkEntryName(METRICS, name, errors);
      JsonNode value = entry.getValue();
      if (!value.isNumber()) {
        errors.add(
            BAD_TYPE,
            entryField(METRICS, name),
            "must be a number, got " + JsonTypes.describe(value));
      } else if (!Double.isFinite(value.doubleValue())) {
        // Strict JSON has no NaN or Infinity, but 1e400 overflows a double to Infinity.
        errors.add(BAD_VALUE, entryField(METRICS, name), "must be a finite number");
      } else {
        metrics.put(name, value.doubleValue());
      }
    }
    return metrics;
  }

  private Map<String, String> readAttrs(ObjectNode event, ErrorCollector errors) {
    JsonNode node = presentField(event, ATTRS);
    if (node == null || !isObjectWithinLimit(node, ATTRS, limits.maxAttrs(), errors)) {
      return Map.of();
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String name = entry.getKey();
      checkEntryName(ATTRS, name, errors);
      JsonNode value = entry.getValue();
      if (!value.isTextual()) {
        errors.add(
            BAD_TYPE,
            entryField(ATTRS, name),
            "must be a string, got " + JsonTypes.describe(value));
        continue;
      }
      attrValueProblem(value.textValue())
          .ifPresentOrElse(
              problem -> errors.add(BAD_VALUE, entryField(ATTRS, name), problem),
              () -> attrs.put(name, value.textValue()));
    }
    return attrs;
  }

  private void rejectReservedFields(ObjectNode event, ErrorCollector errors) {
    for (String name : RawEnvelope.RESERVED_FIELD_NAMES) {
      if (presentField(event, name) != null) {
        errors.add(
            BAD_VALUE,
            name,
            "is reserved for the envelope the server adds; send it inside attrs instead");
      }
    }
  }

  private boolean isObjectWithinLimit(
      JsonNode node, String field, int maxEntries, ErrorCollector errors) {
    if (!node.isObject()) {
      errors.add(BAD_TYPE, field, "must be an object, got " + JsonTypes.describe(node));
      return false;
    }
    if (node.size() > maxEntries) {
      errors.add(
          TOO_LARGE, field, "must have at most " + maxEntries + " entries, got " + node.size());
      return false;
    }
    return true;
  }

  /** Reports a bad metric or attribute name. */
  private void checkEntryName(String parent, String name, ErrorCollector errors) {
    identifierProblem(name)
        .ifPresent(problem -> errors.add(BAD_VALUE, entryField(parent, name), "name " + problem));
  }

  /**
   * The field path of a map entry, e.g. {@code metrics.temp}, made printable. Built only for an
   * error: every valid event has several entries, and this is on the path of every event.
   */
  private String entryField(String parent, String name) {
    return parent + "." + Texts.printable(name, limits.maxIdLength());
  }

  private String readRequiredString(ObjectNode event, String field, ErrorCollector errors) {
    JsonNode node = presentField(event, field);
    if (node == null) {
      errors.add(MISSING_FIELD, field, "is required");
      return null;
    }
    if (!node.isTextual()) {
      errors.add(BAD_TYPE, field, "must be a string, got " + JsonTypes.describe(node));
      return null;
    }
    return node.textValue();
  }

  /**
   * {@link #identifierProblem} finds nothing. A string of printable ASCII has no character the
   * rules forbid and as many code points as chars, so only its length is left to check.
   */
  private boolean isIdentifier(String identifier, boolean printableAscii) {
    return printableAscii
        ? !identifier.isEmpty() && identifier.length() <= limits.maxIdLength()
        : identifierProblem(identifier).isEmpty();
  }

  /** Rules shared by event ids and metric and attribute names. */
  private Optional<String> identifierProblem(String identifier) {
    if (identifier.isEmpty()) {
      return Optional.of("must not be empty");
    }
    int length = Texts.length(identifier);
    if (length > limits.maxIdLength()) {
      return Optional.of("must be at most " + limits.maxIdLength() + " characters, got " + length);
    }
    return Texts.firstForbiddenCharacter(identifier, Forbidden.CONTROL_CHARACTERS)
        .map(found -> "must not contain " + found);
  }

  private Optional<String> deviceIdProblem(String deviceId) {
    if (deviceId.isEmpty()) {
      return Optional.of("got an empty string");
    }
    int length = Texts.length(deviceId);
    if (length > limits.maxIdLength()) {
      return Optional.of("got " + length + " characters");
    }
    int index = 0;
    for (int offset = 0; offset < deviceId.length(); index++) {
      int codePoint = deviceId.codePointAt(offset);
      offset += Character.charCount(codePoint);
      if (!isDeviceIdCharacter(codePoint)) {
        return Optional.of(Texts.codePoint(codePoint) + " at index " + index + " is not allowed");
      }
    }
    return Optional.empty();
  }

  private static boolean isDeviceIdCharacter(int codePoint) {
    return (codePoint >= 'A' && codePoint <= 'Z')
        || (codePoint >= 'a' && codePoint <= 'z')
        || (codePoint >= '0' && codePoint <= '9')
        || codePoint == '.'
        || codePoint == '_'
        || codePoint == ':'
        || codePoint == '-';
  }

  private static Optional<String> attrValueProblem(String value) {
    int length = Texts.length(value);
    if (length > ValidationLimits.MAX_ATTR_VALUE_LENGTH) {
      return Optional.of(
          "must be at most "
              + ValidationLimits.MAX_ATTR_VALUE_LENGTH
              + " characters, got "
              + length);
    }
    return Texts.firstForbiddenCharacter(value, Forbidden.NUL)
        .map(found -> "must not contain " + found);
  }

  /** The field's value, or {@code null} when it is absent or JSON {@code null}. */
  private static JsonNode presentField(ObjectNode event, String name) {
    JsonNode node = event.get(name);
    return node == null || node.isNull() ? null : node;
  }

  private String tooLargeMessage(long bytes) {
    return "must be at most " + limits.maxEventBytes() + " bytes, got " + bytes;
  }

  private static ValidationResult notAnObject(JsonNode item) {
    return singleError(BAD_TYPE, ROOT, "must be a JSON object, got " + JsonTypes.describe(item));
  }

  private static ValidationResult singleError(RejectReason reason, String field, String message) {
    ErrorCollector errors = new ErrorCollector();
    errors.add(reason, field, message);
    return errors.toInvalid();
  }

  private static String describe(JsonProcessingException e) {
    String message =
        Texts.printable(
            Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName()),
            MAX_PARSE_MESSAGE_LENGTH);
    JsonLocation location = e.getLocation();
    if (location == null || location.getLineNr() < 1) {
      return message;
    }
    return message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
