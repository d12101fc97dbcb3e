package dev.cornjacket.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.topology.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngestAnswerTest {

  /** What the API's mapper writes for the same answer. */
  private static String jackson(List<String> ids) throws Exception {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("accepted", ids);
    answer.put("rejected", List.of());
    return EventJson.mapper().writeValueAsString(answer);
  }

  @Test
  void shouldWriteTheBytesJacksonWritesForPlainAndEscapedIds() throws Exception {
    List<List<String>> cases =
        List.of(
            List.of(),
            List.of("5b0c7f8e-1d2a-4c3b-9e8f-0a1b2c3d4e5f"),
            List.of("a", "b/c", "d e", "~!@#$%^&*()_+`{}|:<>?"),
            List.of("plain", "with \"quote\""),
            List.of("back\\slash"),
            List.of("why?", "a?b"),
            List.of("why?", "\u20ac", "why?\u0100"),
            List.of("tab\there", "del\u007f", "Z\u00fcrich", "\u20ac", "\ud83d\ude00"));
    for (List<String> ids : cases) {
      assertThat(new String(IngestAnswer.allAccepted(ids), StandardCharsets.UTF_8))
          .as("%s", ids)
          .isEqualTo(jackson(ids));
    }
  }
}
