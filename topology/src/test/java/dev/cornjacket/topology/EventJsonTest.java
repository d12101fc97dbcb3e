package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  @Test
  void shouldShareOneMapper() {
    assertThat(EventJson.mapper()).isSameAs(EventJson.mapper());
  }

  @Test
  void shouldReadValidJson() throws Exception {
    JsonNode node = EventJson.readTree("{\"a\": [1, \"b\"]}".getBytes(UTF_8));

    assertThat(node.toString()).isEqualTo("{\"a\":[1,\"b\"]}");
  }

  @Test
  void shouldRejectDuplicateKeysWithSharedMapperToo() {
    assertThatExceptionOfType(JsonParseException.class)
        .isThrownBy(() -> EventJson.mapper().readTree("{\"a\": 1, \"a\": 1}"))
        .withMessageStartingWith("Duplicate field 'a'");
  }

  @Test
  void shouldRejectEmptyInput() {
    assertThatExceptionOfType(MismatchedInputException.class)
        .isThrownBy(() -> EventJson.readTree(new byte[0]))
        .withMessageStartingWith("No content to map due to end-of-input");
  }

  @Test
  void shouldRejectTrailingTokens() {
    assertThatExceptionOfType(MismatchedInputException.class)
        .isThrownBy(() -> EventJson.readTree("{} {}".getBytes(UTF_8)))
        .withMessageStartingWith("Trailing token");
  }

  @Test
  void shouldRejectInvalidUtf8NamingTheOffset() {
    assertThatExceptionOfType(JsonParseException.class)
        .isThrownBy(() -> EventJson.readTree(new byte[] {'"', 'a', (byte) 0xC3, '"'}))
        .withMessage("Invalid UTF-8: malformed byte sequence at byte offset 2");
  }

  @Test
  void shouldAcceptNestingUpToLimit() throws Exception {
    String nested =
        "[".repeat(EventJson.MAX_NESTING_DEPTH) + "]".repeat(EventJson.MAX_NESTING_DEPTH);

    assertThat(EventJson.readTree(nested.getBytes(UTF_8)).isArray()).isTrue();
  }

  @Test
  void shouldRejectNestingBeyondLimit() {
    String nested = "[".repeat(33) + "]".repeat(33);

    assertThatExceptionOfType(StreamConstraintsException.class)
        .isThrownBy(() -> EventJson.readTree(nested.getBytes(UTF_8)))
        .withMessageStartingWith("Document nesting depth (33) exceeds the maximum allowed (32");
  }

  @Test
  void shouldRejectStringsLongerThanOneMebibyte() {
    String huge = "\"" + "x".repeat(EventJson.MAX_STRING_LENGTH + 1) + "\"";

    assertThatExceptionOfType(StreamConstraintsException.class)
        .isThrownBy(() -> EventJson.readTree(huge.getBytes(UTF_8)))
        .withMessageStartingWith("String value length");
  }

  @Test
  void shouldRejectNumbersLongerThanHundredCharacters() {
    assertThatExceptionOfType(StreamConstraintsException.class)
        .isThrownBy(() -> EventJson.readTree("1".repeat(101).getBytes(UTF_8)))
        .withMessageStartingWith("Number value length");
  }

  @Test
  void shouldNotCoerceStringsToNumbers() {
    assertThatExceptionOfType(JsonProcessingException.class)
        .isThrownBy(() -> EventJson.mapper().readValue("\"1\"", int.class));
  }

  @Test
  void shouldNotCoerceFloatsToIntegers() {
    assertThatExceptionOfType(JsonProcessingException.class)
        .isThrownBy(() -> EventJson.mapper().readValue("1.5", int.class));
  }

  @Test
  void shouldNotCoerceNullToPrimitives() {
    assertThatExceptionOfType(JsonProcessingException.class)
        .isThrownBy(() -> EventJson.mapper().readValue("null", int.class));
  }

  @Test
  void shouldRequireBytes() {
    assertThatNullPointerException().isThrownBy(() -> EventJson.readTree(null)).withMessage("json");
  }
}
