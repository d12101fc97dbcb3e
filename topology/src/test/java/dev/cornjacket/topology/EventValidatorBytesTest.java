package dev.cornjacket.topology;

import static dev.cornjacket.topology.RejectReason.BAD_TYPE;
import static dev.cornjacket.topology.RejectReason.INVALID_JSON;
import static dev.cornjacket.topology.RejectReason.TOO_LARGE;
import static dev.cornjacket.topology.TestEvents.CLOCK;
import static dev.cornjacket.topology.TestEvents.assertInvalid;
import static dev.cornjacket.topology.TestEvents.assertSingleError;
import static dev.cornjacket.topology.TestEvents.assertValid;
import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link EventValidator#validate(byte[])}: everything that can go wrong before the fields. */
class EventValidatorBytesTest {

  private static final String VALID =
      """
      {"device_id": "dev-1", "type": "sensor", "ts": "2026-11-22T10:00:00Z", "metrics": {"t": 1}}""";

  private final EventValidator validator = TestEvents.validator();

  private ValidationResult validate(String json) {
    return validator.validate(json.getBytes(UTF_8));
  }

  /** Asserts an INVALID_JSON result for the whole event whose message starts as given. */
  private static void assertInvalidJson(ValidationResult result, String messageStart) {
    ValidationResult.Invalid invalid = assertInvalid(result);
    assertThat(invalid.reason()).isEqualTo(INVALID_JSON);
    assertThat(invalid.errors())
        .singleElement()
        .satisfies(
            error -> {
              assertThat(error.field()).isEqualTo("$");
              assertThat(error.message()).startsWith("is not valid JSON: " + messageStart);
            });
  }

  @Test
  void shouldAcceptValidEventBytes() {
    assertThat(assertValid(validate(VALID)).deviceId()).isEqualTo("dev-1");
  }

  @Test
  void shouldReportSyntaxErrorWithLineAndColumn() {
    assertSingleError(
        validate("{\"device_id\": \"d\",\n \"type\" \"sensor\"}"),
        INVALID_JSON,
        "$",
        "is not valid JSON: Unexpected character ('\"' (code 34)): was expecting a colon to"
            + " separate field name and value (line 2, column 9)");
  }

  @Test
  void shouldRejectDuplicateTopLevelKeys() {
    assertSingleError(
        validate(
            "{\"device_id\": \"a\", \"device_id\": \"b\", \"type\": \"system\", \"ts\": 1795341600000}"),
        INVALID_JSON,
        "$",
        "is not valid JSON: Duplicate field 'device_id' (line 1, column 31)");
  }

  @Test
  void shouldRejectDuplicateKeysInsideMetrics() {
    assertInvalidJson(
        validate(VALID.replace("{\"t\": 1}", "{\"t\": 1, \"t\": 2}")), "Duplicate field 't'");
  }

  @Test
  void shouldShortenHugeDuplicateKeyInMessage() {
    String name = "k".repeat(5000);
    ValidationResult.Invalid invalid =
        assertInvalid(validate("{\"" + name + "\": 1, \"" + name + "\": 2}"));

    assertThat(invalid.errors().getFirst().message()).hasSizeLessThan(300).contains("...");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "{",
        "{\"device_id\": \"d\"} {}",
        "{\"device_id\": \"d\"} x",
        "{'device_id': 'd'}",
        "{device_id: \"d\"}",
        "{\"t\": 1, /* comment */ \"u\": 2}",
        "{\"metrics\": {\"t\": NaN}}",
        "{\"metrics\": {\"t\": Infinity}}",
        "{\"metrics\": {\"t\": 01}}",
        "{\"metrics\": {\"t\": .5}}",
        "{\"device_id\": \"tab\tinside\"}",
        "{\"a\": 1,}",
        "[1, 2,]"
      })
  void shouldRejectTextThatIsNotStrictJson(String text) {
    assertInvalidJson(validate(text), "");
  }

  @Test
  void shouldRejectTwoHundredNestedArraysInAttrsAsInvalidJson() {
    String nested = "[".repeat(200) + "]".repeat(200);

    assertSingleError(
        validate(VALID.replace("}}", "}, \"attrs\": {\"deep\": " + nested + "}}")),
        INVALID_JSON,
        "$",
        "is not valid JSON: Document nesting depth (33) exceeds the maximum allowed (32, from"
            + " `StreamReadConstraints.getMaxNestingDepth()`)");
  }

  @Test
  void shouldRejectMillionNestedArraysWithoutStackOverflow() {
    EventValidator roomy =
        new EventValidator(
            new ValidationLimits(
                64, 64, 4 * 1024 * 1024, 128, Duration.ofHours(24), Duration.ofHours(24)),
            CLOCK);
    byte[] nested = ("[".repeat(1_000_000) + "]".repeat(1_000_000)).getBytes(UTF_8);

    assertInvalidJson(roomy.validate(nested), "Document nesting depth (33)");
  }

  @Test
  void shouldAcceptThirtyTwoLevelsOfNesting() {
    // the event object is level 1, so 31 arrays inside it reach the limit exactly
    String nested = "[".repeat(31) + "]".repeat(31);

    assertValid(validate(VALID.replace("}}", "}, \"extra\": " + nested + "}")));
  }

  @Test
  void shouldRejectNumberWithMoreThanHundredDigits() {
    assertInvalidJson(
        validate(VALID.replace("\"t\": 1", "\"t\": " + "9".repeat(101))), "Number value length");
  }

  @Test
  void shouldAcceptHundredDigitNumber() {
    assertValid(validate(VALID.replace("\"t\": 1", "\"t\": " + "9".repeat(100))));
  }

  @Test
  void shouldRejectInvalidUtf8StartByteWithItsOffset() {
    byte[] json = VALID.getBytes(UTF_8);
    json[16] = (byte) 0xFF; // inside "dev-1"

    assertSingleError(
        validator.validate(json),
        INVALID_JSON,
        "$",
        "is not valid JSON: Invalid UTF-8: malformed byte sequence at byte offset 16");
  }

  @Test
  void shouldRejectOverlongUtf8EncodingOfNul() {
    // C0 80 is the overlong form of U+0000, which Jackson alone would accept
    assertInvalidJson(validator.validate(withRawBytesInAttr(0xC0, 0x80)), "Invalid UTF-8");
  }

  @Test
  void shouldRejectUtf8EncodedSurrogate() {
    assertInvalidJson(validator.validate(withRawBytesInAttr(0xED, 0xA0, 0x80)), "Invalid UTF-8");
  }

  @Test
  void shouldRejectUtf8BeyondLastCodePoint() {
    assertInvalidJson(
        validator.validate(withRawBytesInAttr(0xF4, 0x90, 0x80, 0x80)), "Invalid UTF-8");
  }

  @Test
  void shouldRejectTruncatedUtf8Sequence() {
    assertInvalidJson(validator.validate(withRawBytesInAttr(0xE2, 0x82)), "Invalid UTF-8");
  }

  @Test
  void shouldRejectUtf16InsteadOfGuessingTheEncoding() {
    assertInvalidJson(validator.validate(VALID.getBytes(UTF_16BE)), "Illegal character");
  }

  @Test
  void shouldIgnoreLeadingByteOrderMark() {
    assertValid(validate("\uFEFF" + VALID));
  }

  @Test
  void shouldAcceptNonAsciiUtf8() {
    assertThat(
            assertValid(validate(VALID.replace("}}", "}, \"attrs\": {\"lieu\": \"Zürich 🇨🇭\"}}")))
                .attrs())
        .containsEntry("lieu", "Zürich 🇨🇭");
  }

  @Test
  void shouldRejectEscapedUnpairedSurrogateInAttrValue() {
    assertSingleError(
        validate(VALID.replace("}}", "}, \"attrs\": {\"a\": \"\\ud800\"}}")),
        RejectReason.BAD_VALUE,
        "attrs.a",
        "must not contain unpaired surrogate U+D800 at index 0");
  }

  @Test
  void shouldRejectTopLevelArray() {
    assertSingleError(
        validate("[" + VALID + "]"), BAD_TYPE, "$", "must be a JSON object, got an array");
  }

  @Test
  void shouldRejectJsonNull() {
    assertSingleError(validate("null"), BAD_TYPE, "$", "must be a JSON object, got null");
  }

  @Test
  void shouldRejectBytesOverLimitBeforeParsing() {
    byte[] oversized = new byte[16 * 1024 + 1]; // not even JSON: size is checked first

    assertSingleError(
        validator.validate(oversized), TOO_LARGE, "$", "must be at most 16384 bytes, got 16385");
  }

  @Test
  void shouldAcceptEventOfExactlyTheLimit() {
    byte[] json = padded(VALID, 16 * 1024);

    assertValid(validator.validate(json));
  }

  @Test
  void shouldRejectEventOneByteOverTheLimit() {
    assertSingleError(
        validator.validate(padded(VALID, 16 * 1024 + 1)),
        TOO_LARGE,
        "$",
        "must be at most 16384 bytes, got 16385");
  }

  @Test
  void shouldValidateFieldsOfParsedBytes() {
    assertSingleError(
        validate("{\"type\": \"system\", \"ts\": \"2026-11-22T10:00:00Z\"}"),
        RejectReason.MISSING_FIELD,
        "device_id",
        "is required");
  }

  /** VALID with trailing spaces up to {@code size} bytes: whitespace counts as received. */
  private static byte[] padded(String json, int size) {
    return (json + " ".repeat(size - json.getBytes(UTF_8).length)).getBytes(UTF_8);
  }

  private static byte[] withRawBytesInAttr(int... bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(VALID.replace("}}", "}, \"attrs\": {\"a\": \"").getBytes(UTF_8));
    for (int b : bytes) {
      out.write(b);
    }
    out.writeBytes("\"}}".getBytes(UTF_8));
    return out.toByteArray();
  }
}
