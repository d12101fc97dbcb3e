package dev.cornjacket.topology.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shouldReplayANabCsvWithCrlfNoTrailingNewlineAndRepeatedTimestamps() throws IOException {
    Path input = dir.resolve("exchange-2_cpc_results.csv");
    Files.writeString(
        input,
        "timestamp,value\r\n"
            + "2011-07-01 00:15:01,0.081965\r\n"
            + "2011-07-01 01:15:01,0.098972\r\n"
            + "2011-07-01 01:15:01,0.065314\r\n"
            + "2011-07-01 00:15:01,0.1",
        StandardCharsets.UTF_8);
    Path output = dir.resolve("out.ndjson");

    ReplaySummary summary =
        Replay.run(
            new ReplayOptions(
                input,
                InputFormat.CSV,
                Optional.of(output),
                OutputFormat.NDJSON,
                Optional.empty(),
                "cpc"),
            p -> {});

    assertThat(summary.recordsIn()).isEqualTo(4);
    assertThat(summary.routed()).isEqualTo(4);
    assertThat(summary.duplicates()).isZero();
    assertThat(summary.deadLetters()).isZero();
    List<JsonNode> lines = readLines(output);
    assertThat(lines).hasSize(4);
    JsonNode first = lines.getFirst();
    assertThat(first.get("outcome").asText()).isEqualTo("routed");
    assertThat(first.get("topic").asText()).isEqualTo("cj.events.sensor");
    assertThat(first.get("key").asText()).isEqualTo("exchange-2_cpc_results");
    assertThat(first.get("timestamp").asText()).isEqualTo("2011-07-01T00:15:01Z");
    assertThat(first.get("event").get("metrics").get("cpc").asDouble()).isEqualTo(0.081965);
    assertThat(first.get("event").get("event_id").asText()).isEqualTo("exchange-2_cpc_results-2");
    assertThat(lines)
        .extracting(l -> l.get("timestamp").asText())
        .containsExactly(
            "2011-07-01T00:15:01Z",
            "2011-07-01T01:15:01Z",
            "2011-07-01T01:15:01Z",
            "2011-07-01T00:15:01Z");
  }

  @Test
  void shouldDeadLetterUnreadableCsvRowsWithAReasonInsteadOfDroppingThem() throws IOException {
    Path input = dir.resolve("sensor.csv");
    Files.writeString(
        input, "timestamp,value\n2014-01-01 00:00:00,1.5\nyesterday,2\n2014-01-01 00:05:00,hot\n");
    Path output = dir.resolve("out.csv");

    ReplaySummary summary =
        Replay.run(
            new ReplayOptions(
                input,
                InputFormat.CSV,
                Optional.of(output),
                OutputFormat.CSV,
                Optional.of("boiler-7"),
                "temperature"),
            p -> {});

    assertThat(summary.recordsIn()).isEqualTo(3);
    assertThat(summary.routed()).isEqualTo(1);
    assertThat(summary.deadLettersByReason()).isEqualTo(Map.of("bad_value", 1L, "bad_type", 1L));
    List<String> rows = Files.readAllLines(output);
    assertThat(rows.getFirst()).isEqualTo(ReplayOutput.CSV_HEADER);
    assertThat(rows.get(1)).startsWith("2014-01-01T00:00:00Z,routed,cj.events.sensor,boiler-7,");
    assertThat(rows.get(2)).contains(",dead_letter,cj.events.dlq,boiler-7,,bad_value,");
    assertThat(rows.get(3)).contains(",dead_letter,cj.events.dlq,boiler-7,,bad_type,");
  }

  @Test
  void shouldReplayNdjsonWithDuplicatesAndInvalidLinesAndCountEveryOutcome() throws IOException {
    Path input = dir.resolve("events.ndjson");
    Files.writeString(
        input,
        String.join(
            "\n",
            "{\"event_id\":\"a\",\"device_id\":\"d1\",\"type\":\"system\",\"ts\":\"2014-05-01T10:00:00Z\"}",
            "{\"event_id\":\"a\",\"device_id\":\"d1\",\"type\":\"system\",\"ts\":\"2014-05-01T10:00:00Z\"}",
            "",
            "not json at all",
            "{\"device_id\":\"d2\",\"type\":\"user_action\",\"ts\":1398938400000}",
            "{\"event_id\":\"b\",\"device_id\":\"d1\",\"type\":\"sensor\",\"ts\":\"2014-05-01T10:01:00Z\"}"));
    Path output = dir.resolve("out.ndjson");

    ReplaySummary summary =
        Replay.run(
            new ReplayOptions(
                input,
                InputFormat.NDJSON,
                Optional.of(output),
                OutputFormat.NDJSON,
                Optional.empty(),
                "value"),
            p -> {});

    assertThat(summary.recordsIn()).isEqualTo(5);
    assertThat(summary.routed()).isEqualTo(2);
    assertThat(summary.duplicates()).isEqualTo(1);
    assertThat(summary.deadLettersByReason())
        .isEqualTo(Map.of("invalid_json", 1L, "missing_field", 1L));
    List<JsonNode> lines = readLines(output);
    assertThat(lines)
        .extracting(l -> l.get("outcome").asText())
        .containsExactly("routed", "dead_letter", "routed", "dead_letter");
    assertThat(lines.get(1).get("reason").asText()).isEqualTo("invalid_json");
    assertThat(lines.get(1).get("original").asText()).contains("not json at all");
    assertThat(lines.get(2).get("topic").asText()).isEqualTo("cj.events.user_action");
    assertThat(lines.get(2).get("event").get("event_id").asText()).isEqualTo("events-5");
    assertThat(lines.get(3).get("message").asText()).contains("metrics");
  }

  @Test
  void shouldKeepOnlyTheNamedDeviceOfAnNdjsonFile() throws IOException {
    Path input = dir.resolve("mixed.ndjson");
    Files.writeString(
        input,
        "{\"device_id\":\"d1\",\"type\":\"system\",\"ts\":\"2014-05-01T10:00:00Z\"}\n"
            + "{\"device_id\":\"d1\",\"type\":\"system\",\"ts\":\"2014-05-01T10:00:00Z\","
            + "\"attrs\":{\"peer\":\"d2\"}}\n"
            + "{\"device_id\":\"d2\",\"type\":\"system\",\"ts\":\"2014-05-01T10:00:00Z\"}\n");

    ReplaySummary summary =
        Replay.run(
            new ReplayOptions(
                input,
                InputFormat.NDJSON,
                Optional.of(dir.resolve("out.ndjson")),
                OutputFormat.NDJSON,
                Optional.of("d2"),
                "value"),
            p -> {});

    assertThat(summary.recordsIn()).isEqualTo(1);
    assertThat(readLines(dir.resolve("out.ndjson")).getFirst().get("key").asText()).isEqualTo("d2");
  }

  @Test
  void shouldGuessFormatsFromFileNames() {
    assertThat(InputFormat.guess(Path.of("a/nyc_taxi.csv"))).isEqualTo(InputFormat.CSV);
    assertThat(InputFormat.guess(Path.of("events.ndjson"))).isEqualTo(InputFormat.NDJSON);
    assertThat(OutputFormat.guess(Path.of("OUT.CSV"))).isEqualTo(OutputFormat.CSV);
    assertThat(ReplayInput.deviceIdFromFileName(Path.of("Twitter volume (AAPL).csv")))
        .isEqualTo("Twitter_volume__AAPL_");
  }

  private static List<JsonNode> readLines(Path file) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }
}
