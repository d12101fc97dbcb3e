package dev.cornjacket.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventBatchParserTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> lines(List<EventBatchParser.Item> items) {
    return items.stream().map(item -> new String(item.json(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void shouldSplitNdjsonIntoTrimmedLinesAndSkipBlankOnes() {
    List<EventBatchParser.Item> items =
        new EventBatchParser(10)
            .parse(bytes("  {\"a\":1}\r\n\n \t \n{\"b\":2}\n\uFEFF{\"c\":3}  "), BodyFormat.NDJSON);

    assertThat(lines(items)).containsExactly("{\"a\":1}", "{\"b\":2}", "{\"c\":3}");
  }

  @Test
  void shouldKeepALastLineWithoutANewlineAndLinesLongerThanAWord() {
    String longLine = "{\"device_id\":\"" + "d".repeat(40) + "\"}";
    List<EventBatchParser.Item> items =
        new EventBatchParser(10).parse(bytes(longLine + "\n" + longLine), BodyFormat.NDJSON);

    assertThat(lines(items)).containsExactly(longLine, longLine);
  }

  @Test
  void shouldRefuseABodyOfBlankLines() {
    assertThatThrownBy(() -> new EventBatchParser(10).parse(bytes("\n \n\t\n"), BodyFormat.NDJSON))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.getMessage()).contains("no NDJSON lines"));
  }

  @Test
  void shouldCountEveryNonBlankLineWhenThereAreMoreThanTheLimit() {
    String body = "{}\n\n{}\n{}\n \n{}\n{}";

    assertThat(new EventBatchParser(5).parse(bytes(body), BodyFormat.NDJSON)).hasSize(5);
    assertThatThrownBy(() -> new EventBatchParser(3).parse(bytes(body), BodyFormat.NDJSON))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> assertThat(e.getMessage()).contains("holds 5 events, the limit is 3"));
  }
}
