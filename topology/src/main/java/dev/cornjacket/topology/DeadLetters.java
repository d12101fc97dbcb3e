package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cornjacket.topology.internal.Texts;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The one dead-letter format of every stage (DESIGN.md "Dead letters"): the value is the original
 * bytes (or {@code null} when the original had none), the key is the original key ({@code
 * device_id}, or {@code null}), and these UTF-8 headers say what happened:
 *
 * <table>
 *   <caption>Dead-letter headers</caption>
 *   <tr><th>header</th><th>value</th></tr>
 *   <tr><td>{@value #REASON}</td><td>machine-readable code: a {@link RejectReason#code()} such as
 *       {@code missing_field}, {@code invalid_json}, {@code invalid_envelope}, {@code
 *       device_mismatch}, or a handler's code such as {@value #PROCESSING_ERROR}</td></tr>
 *   <tr><td>{@value #MESSAGE}</td><td>for people, at most {@value #MAX_MESSAGE_LENGTH}
 *       characters</td></tr>
 *   <tr><td>{@value #STAGE}</td><td>{@value #STAGE_VALIDATE}, {@value #STAGE_MQTT}, {@value
 *       #STAGE_SCORE}, {@value #STAGE_SINK}, {@value #STAGE_WEBHOOK}; for records dead-lettered by
 *       a Kafka Streams exception handler, the name of the processor node</td></tr>
 *   <tr><td>{@value #SOURCE}</td><td>the front end the record came through ({@code http}, {@code
 *       mqtt}), {@value #UNKNOWN_SOURCE} when it cannot be read</td></tr>
 *   <tr><td>{@value #ORIGIN}</td><td>{@code topic/partition/offset} of the original record;
 *       absent when there is none (a record produced by a punctuator)</td></tr>
 *   <tr><td>{@value #TIME}</td><td>when it was dead-lettered, RFC 3339 in UTC</td></tr>
 * </table>
 */
public final class DeadLetters {

  public static final String REASON = "cj.dlq.reason";
  public static final String MESSAGE = "cj.dlq.message";
  public static final String STAGE = "cj.dlq.stage";
  public static final String SOURCE = "cj.dlq.source";
  public static final String ORIGIN = "cj.dlq.origin";
  public static final String TIME = "cj.dlq.time";

  public static final String STAGE_VALIDATE = "validate";
  public static final String STAGE_MQTT = "mqtt";
  public static final String STAGE_SCORE = "score";
  public static final String STAGE_SINK = "sink";
  public static final String STAGE_WEBHOOK = "webhook";

  /** The source of a record whose envelope cannot be read. */
  public static final String UNKNOWN_SOURCE = "unknown";

  /** Reason of bytes that are JSON but not a raw envelope. */
  public static final String INVALID_ENVELOPE = RawEnvelopeSerde.INVALID_ENVELOPE;

  /** Reason of a record a deserializer could not read (deserialization exception handler). */
  public static final String DESERIALIZATION_ERROR = "deserialization_error";

  /** Reason of a record a processor failed on (processing exception handler). */
  public static final String PROCESSING_ERROR = "processing_error";

  /** Reason of a record that could not be serialized or produced (production handler). */
  public static final String PRODUCTION_ERROR = "production_error";

  /** Longest {@value #MESSAGE}, in characters; longer messages are shortened with "...". */
  public static final int MAX_MESSAGE_LENGTH = 2000;

  private DeadLetters() {}

  /**
   * The headers of a dead letter.
   *
   * @param reason the code, required
   * @param message for people; {@code null} means empty; shortened to {@value #MAX_MESSAGE_LENGTH}
   *     characters and control characters escaped
   * @param stage required
   * @param source {@code null} means {@value #UNKNOWN_SOURCE}
   * @param originTopic the original record's topic; {@code null} leaves {@value #ORIGIN} out
   * @param partition the original record's partition
   * @param offset the original record's offset
   * @param time when it was dead-lettered, required
   */
  public static Headers headers(
      String reason,
      String message,
      String stage,
      String source,
      String originTopic,
      int partition,
      long offset,
      Instant time) {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(time, "time");
    Headers headers = new RecordHeaders();
    add(headers, REASON, reason);
    add(headers, MESSAGE, message == null ? "" : Texts.printable(message, MAX_MESSAGE_LENGTH));
    add(headers, STAGE, stage);
    add(headers, SOURCE, source == null ? UNKNOWN_SOURCE : source);
    if (originTopic != null) {
      add(headers, ORIGIN, origin(originTopic, partition, offset));
    }
    add(headers, TIME, time.toString());
    return headers;
  }

  /** The {@value #ORIGIN} value: {@code topic/partition/offset}. */
  public static String origin(String topic, int partition, long offset) {
    return Objects.requireNonNull(topic, "topic") + "/" + partition + "/" + offset;
  }

  /**
   * Reads a dead letter back, for tests, the ops API and the replay tool.
   *
   * @throws IllegalArgumentException when {@value #REASON}, {@value #STAGE} or {@value #TIME} is
   *     missing, or {@value #TIME} or {@value #ORIGIN} is malformed
   */
  public static DeadLetter read(Headers headers, byte[] value) {
    Objects.requireNonNull(headers, "headers");
    String reason = required(headers, REASON);
    String stage = required(headers, STAGE);
    String timeText = required(headers, TIME);
    Instant time;
    try {
      time = Instant.parse(timeText);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "header "
              + TIME
              + " is not an RFC 3339 timestamp: '"
              + Texts.printable(timeText, 64)
              + "'",
          e);
    }
    String message = Objects.requireNonNullElse(text(headers, MESSAGE), "");
    String source = Objects.requireNonNullElse(text(headers, SOURCE), UNKNOWN_SOURCE);
    String origin = text(headers, ORIGIN);
    if (origin == null) {
      return new DeadLetter(reason, message, stage, source, null, -1, -1, time, value);
    }
    int offsetSlash = origin.lastIndexOf('/');
    int partitionSlash = offsetSlash < 1 ? -1 : origin.lastIndexOf('/', offsetSlash - 1);
    try {
      if (partitionSlash < 1) {
        throw new NumberFormatException("no topic/partition/offset");
      }
      return new DeadLetter(
          reason,
          message,
          stage,
          source,
          origin.substring(0, partitionSlash),
          Integer.parseInt(origin.substring(partitionSlash + 1, offsetSlash)),
          Long.parseLong(origin.substring(offsetSlash + 1)),
          time,
          value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "header "
              + ORIGIN
              + " must be topic/partition/offset, got '"
              + Texts.printable(origin, 300)
              + "'",
          e);
    }
  }

  private static void add(Headers headers, String key, String value) {
    headers.add(key, value.getBytes(UTF_8));
  }

  private static String required(Headers headers, String key) {
    String value = text(headers, key);
    if (value == null) {
      throw new IllegalArgumentException("not a dead letter: header " + key + " is missing");
    }
    return value;
  }

  private static String text(Headers headers, String key) {
    Header header = headers.lastHeader(key);
    return header == null || header.value() == null ? null : new String(header.value(), UTF_8);
  }

  /**
   * A dead letter as read by {@link #read}.
   *
   * @param originTopic {@code null} when the record had no origin; then partition and offset are -1
   * @param value the original bytes, may be {@code null}
   */
  public record DeadLetter(
      String reason,
      String message,
      String stage,
      String source,
      String originTopic,
      int originPartition,
      long originOffset,
      Instant time,
      byte[] value) {

    public DeadLetter {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(stage, "stage");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(time, "time");
    }

    /** The {@value DeadLetters#ORIGIN} value, or {@code null}. */
    public String origin() {
      return originTopic == null
          ? null
          : DeadLetters.origin(originTopic, originPartition, originOffset);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof DeadLetter that
          && reason.equals(that.reason)
          && message.equals(that.message)
          && stage.equals(that.stage)
          && source.equals(that.source)
          && Objects.equals(originTopic, that.originTopic)
          && originPartition == that.originPartition
          && originOffset == that.originOffset
          && time.equals(that.time)
          && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(
                  reason, message, stage, source, originTopic, originPartition, originOffset, time)
              * 31
          + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return "DeadLetter[reason="
          + reason
          + ", stage="
          + stage
          + ", source="
          + source
          + ", origin="
          + origin()
          + ", time="
          + time
          + ", message="
          + message
          + ", value="
          + (value == null ? "null" : value.length + " bytes")
          + "]";
    }
  }
}
