package dev.cornjacket.topology.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cornjacket.topology.DeadLetters;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Writes what came out of a replay, in input order: routed events and dead letters with their
 * reason, as NDJSON objects or CSV rows.
 */
abstract class ReplayOutput implements AutoCloseable {

  static final String CSV_HEADER = "timestamp,outcome,topic,device_id,event_id,reason,message";

  private static final ObjectMapper JSON = new ObjectMapper();

  protected final Writer writer;
  private boolean ownsWriter = true;

  private ReplayOutput(Writer writer) {
    this.writer = writer;
  }

  static ReplayOutput open(ReplayOptions options) throws IOException {
    Writer writer =
        options.output().isPresent()
            ? Files.newBufferedWriter(options.output().get(), StandardCharsets.UTF_8)
            : new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    ReplayOutput output =
        switch (options.outputFormat()) {
          case NDJSON -> new Ndjson(writer);
          case CSV -> new Csv(writer);
        };
    output.ownsWriter = options.output().isPresent();
    return output;
  }

  abstract void routed(String topic, TestRecord<String, byte[]> record) throws IOException;

  abstract void deadLetter(String topic, TestRecord<String, byte[]> record) throws IOException;

  /** Flushes; closes the file but never standard output, which is not ours to close. */
  @Override
  public void close() throws IOException {
    writer.flush();
    if (ownsWriter) {
      writer.close();
    }
  }

  static JsonNode parse(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("the topology wrote an event that is not JSON", e);
    }
  }

  private static final class Ndjson extends ReplayOutput {
    Ndjson(Writer writer) {
      super(writer);
    }

    @Override
    void routed(String topic, TestRecord<String, byte[]> record) throws IOException {
      ObjectNode line = JSON.createObjectNode();
      line.put("outcome", "routed");
      line.put("topic", topic);
      line.put("key", record.key());
      line.put("timestamp", Instant.ofEpochMilli(record.timestamp()).toString());
      line.set("event", parse(record.value()));
      writer.write(JSON.writeValueAsString(line));
      writer.write('\n');
    }

    @Override
    void deadLetter(String topic, TestRecord<String, byte[]> record) throws IOException {
      DeadLetters.DeadLetter letter = DeadLetters.read(record.headers(), record.value());
      ObjectNode line = JSON.createObjectNode();
      line.put("outcome", "dead_letter");
      line.put("topic", topic);
      line.put("key", record.key());
      line.put("reason", letter.reason());
      line.put("message", letter.message());
      line.put("stage", letter.stage());
      line.put("origin", letter.origin());
      line.put("original", new String(record.value(), StandardCharsets.UTF_8));
      writer.write(JSON.writeValueAsString(line));
      writer.write('\n');
    }
  }

  private static final class Csv extends ReplayOutput {
    Csv(Writer writer) throws IOException {
      super(writer);
      writer.write(CSV_HEADER);
      writer.write('\n');
    }

    @Override
    void routed(String topic, TestRecord<String, byte[]> record) throws IOException {
      JsonNode event = parse(record.value());
      row(
          Instant.ofEpochMilli(record.timestamp()).toString(),
          "routed",
          topic,
          record.key(),
          event.path("event_id").asText(""),
          "",
          "");
    }

    @Override
    void deadLetter(String topic, TestRecord<String, byte[]> record) throws IOException {
      DeadLetters.DeadLetter letter = DeadLetters.read(record.headers(), record.value());
      row(
          Instant.ofEpochMilli(record.timestamp()).toString(),
          "dead_letter",
          topic,
          record.key() == null ? "" : record.key(),
          "",
          letter.reason(),
          letter.message());
    }

    private void row(String... cells) throws IOException {
      for (int i = 0; i < cells.length; i++) {
        if (i > 0) {
          writer.write(',');
        }
        writer.write(csvCell(cells[i]));
      }
      writer.write('\n');
    }

    private static String csvCell(String text) {
      if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0) {
        return text;
      }
      return "\"" + text.replace("\"", "\"\"") + "\"";
    }
  }
}
