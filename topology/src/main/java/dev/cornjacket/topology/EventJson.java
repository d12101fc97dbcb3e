package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.util.Objects;

/**
 * The one place that configures Jackson for event payloads.
 *
 * <p>Strict JSON (RFC 8259) and bounded work on hostile input:
 *
 * <ul>
 *   <li>duplicate keys fail ({@link StreamReadFeature#STRICT_DUPLICATE_DETECTION}), so {@code
 *       {"ts": 1, "ts": 2}} cannot mean different things to different readers;
 *   <li>nesting deeper than {@value #MAX_NESTING_DEPTH} fails, on reading and on writing, long
 *       before a stack overflow;
 *   <li>strings over {@value #MAX_STRING_LENGTH} characters and numbers over {@value
 *       #MAX_NUMBER_LENGTH} digits fail (big numbers are slow to parse);
 *   <li>content after the first value fails ({@link
 *       DeserializationFeature#FAIL_ON_TRAILING_TOKENS});
 *   <li>no coercion between scalars (a string {@code "1"} never becomes a number);
 *   <li>Jackson's own defaults already refuse comments, single quotes, {@code NaN}, leading zeros
 *       and unquoted control characters, and keep the payload out of error locations.
 * </ul>
 *
 * <p>Untrusted bytes should go through {@link #readTree(byte[])}, not {@code
 * mapper().readTree(bytes)}: Jackson alone accepts overlong and out-of-range UTF-8 sequences and
 * guesses UTF-16 or UTF-32 from the first bytes, while JSON on the network is UTF-8 only.
 */
public final class EventJson {

  /** Deepest nesting of arrays and objects, counting the event object itself as 1. */
  public static final int MAX_NESTING_DEPTH = 32;

  /** Longest JSON string, in characters: far above any valid field, far below the 4 MiB body. */
  public static final int MAX_STRING_LENGTH = 1024 * 1024;

  /** Longest JSON number literal, in characters. */
  public static final int MAX_NUMBER_LENGTH = 100;

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  // Jackson mappers can be reconfigured by whoever holds them, so the validator and the serde keep
  // their own instances and a caller changing mapper() cannot change how events are judged.
  private static final ObjectMapper SHARED = newMapper(MAX_NESTING_DEPTH);
  private static final ObjectMapper EVENTS = newMapper(MAX_NESTING_DEPTH);
  // The raw envelope wraps the event in one more object.
  private static final ObjectMapper ENVELOPES = newMapper(MAX_NESTING_DEPTH + 1);

  private EventJson() {}

  /**
   * The mapper for event payloads, shared and thread-safe. Do not reconfigure it: derive an {@code
   * ObjectReader} or {@code ObjectWriter} for per-call settings.
   */
  public static ObjectMapper mapper() {
    return SHARED;
  }

  /**
   * Parses untrusted bytes as one strict JSON value: UTF-8 only (a leading byte order mark is
   * ignored, as RFC 8259 allows), nothing after the value.
   *
   * @throws JsonProcessingException when the bytes are not valid UTF-8, not strict JSON, empty, or
   *     exceed a limit of this class
   */
  public static JsonNode readTree(byte[] json) throws JsonProcessingException {
    return readTree(SHARED, json);
  }

  static ObjectMapper eventMapper() {
    return EVENTS;
  }

  static ObjectMapper envelopeMapper() {
    return ENVELOPES;
  }

  static JsonNode readTree(ObjectMapper mapper, byte[] json) throws JsonProcessingException {
    Objects.requireNonNull(json, "json");
    if (isPlainAscii(json)) {
      // Nothing for the strict decoder to catch (no multi-byte sequence, no NUL that would make
      // Jackson guess UTF-16): parse the bytes directly, which is much faster.
      try {
        return mapper.readValue(json, JsonNode.class);
      } catch (JsonProcessingException e) {
        throw e;
      } catch (IOException e) {
        throw new UncheckedIOException(
            "reading from a byte array does not do I/O, yet it failed", e);
      }
    }
    String text = decodeUtf8(json);
    if (!text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK) {
      text = text.substring(1);
    }
    // readValue rather than readTree: it fails on empty input instead of returning MissingNode.
    return mapper.readValue(text, JsonNode.class);
  }

  /** Every byte is in 0x01..0x7F: ASCII without NUL. */
  static boolean isPlainAscii(byte[] json) {
    for (byte b : json) {
      if (b <= 0) {
        return false;
      }
    }
    return json.length > 0;
  }

  private static String decodeUtf8(byte[] json) throws JsonParseException {
    CharsetDecoder decoder = UTF_8.newDecoder(); // reports malformed input, never replaces it
    ByteBuffer in = ByteBuffer.wrap(json);
    // UTF-8 never decodes to more chars than bytes, so the output cannot overflow.
    CharBuffer out = CharBuffer.allocate(json.length);
    CoderResult result = decoder.decode(in, out, true);
    if (result.isUnderflow()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new JsonParseException(
          null, "Invalid UTF-8: malformed byte sequence at byte offset " + in.position());
    }
    return out.flip().toString();
  }

  private static ObjectMapper newMapper(int maxNestingDepth) {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxNestingDepth)
                    .maxStringLength(MAX_STRING_LENGTH)
                    .maxNumberLength(MAX_NUMBER_LENGTH)
                    .build())
            .streamWriteConstraints(
                StreamWriteConstraints.builder().maxNestingDepth(maxNestingDepth).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Correctly rounded like Double.parseDouble, several times faster (metrics are
            // mostly decimals): the same doubles, in less of the ingest's time.
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    return JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
  }
}
