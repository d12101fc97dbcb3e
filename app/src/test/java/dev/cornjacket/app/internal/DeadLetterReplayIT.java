package dev.cornjacket.app.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.http.ops.DeadLetterOperations;
import dev.cornjacket.http.ops.DeadLetterOperations.Selection;
import dev.cornjacket.topology.DeadLetters;
import dev.cornjacket.topology.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Dead-letter replay on a real broker: exactly the selected dead letters reach the raw topic, a dry
 * run sends nothing, and a second replay of the same selection sends nothing again; through the API
 * class and through {@code cornjacket dlq replay}.
 */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class DeadLetterReplayIT {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void shouldReplayExactlyTheSelectedDeadLettersOnce(KafkaFixture kafka, @TempDir Path dir)
      throws Exception {
    Topics topics = new Topics(kafka.uniquePrefix());
    kafka.createTopics(1, topics.raw().name(), topics.dlqReplays().name());
    kafka.createTopics(2, topics.deadLetters().name());
    // two dead letters the fix is for, one of each partition; three that must stay where they are
    send(kafka, topics, 0, "dev-1", "a", "missing_field", "validate", 0);
    send(kafka, topics, 1, "dev-2", "b", "missing_field", "validate", 1);
    send(kafka, topics, 0, "dev-3", "c", "invalid_json", "validate", 2);
    send(kafka, topics, 1, "dev-4", "d", "missing_field", "mqtt", 3);
    send(kafka, topics, 0, "dev-5", "e", "score_failed", "score", 4);
    KafkaDeadLetters deadLetters =
        new KafkaDeadLetters(kafka.bootstrapServers(), topics, Clock.systemUTC());
    Selection fix =
        new Selection(Optional.of("validate"), Optional.of("missing_field"), Set.of(), 1000, false);

    // browse: newest first, counted by reason and stage
    DeadLetterOperations.Page page =
        deadLetters.browse(new Selection(Optional.empty(), Optional.empty(), Set.of(), 3, false));
    assertThat(page.scanned()).isEqualTo(5);
    assertThat(page.items())
        .extracting(DeadLetterOperations.Item::key)
        .containsExactly("dev-5", "dev-4", "dev-3");
    assertThat(page.byReason())
        .isEqualTo(Map.of("missing_field", 3L, "invalid_json", 1L, "score_failed", 1L));
    assertThat(page.byStage()).isEqualTo(Map.of("validate", 3L, "mqtt", 1L, "score", 1L));
    assertThat(deadLetters.browse(fix).items())
        .extracting(DeadLetterOperations.Item::id)
        .containsExactly("1:0", "0:0");

    // a dry run says what it would send and sends nothing
    DeadLetterOperations.ReplayReport dry =
        deadLetters.replay(
            new Selection(fix.stage(), fix.reason(), Set.of(), 1000, /* dryRun= */ true));
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.ids()).containsExactly("0:0", "1:0");
    assertThat(dry.sent()).isZero();
    assertThat(endOffset(kafka, topics.raw().name())).isZero();
    assertThat(endOffset(kafka, topics.dlqReplays().name())).isZero();

    // the replay moves exactly the two, oldest first, with where they came from
    DeadLetterOperations.ReplayReport replay = deadLetters.replay(fix);
    assertThat(replay.sent()).isEqualTo(2);
    assertThat(replay.skipped()).isZero();
    List<ConsumerRecord<String, byte[]>> raw = readRaw(kafka, topics, 2);
    assertThat(raw).extracting(ConsumerRecord::key).containsExactly("dev-1", "dev-2");
    assertThat(raw)
        .extracting(r -> new String(r.value(), UTF_8))
        .containsExactly(envelope("a"), envelope("b"));
    assertThat(raw)
        .extracting(
            r -> new String(r.headers().lastHeader(KafkaDeadLetters.REPLAYED_FROM).value(), UTF_8))
        .containsExactly(
            topics.deadLetters().name() + "/0/0", topics.deadLetters().name() + "/1/0");
    assertThat(deadLetters.browse(fix).items())
        .allSatisfy(item -> assertThat(item.replayedAt()).isNotNull());
    // the others are untouched and still unreplayed; the dead-letter topic keeps all five
    DeadLetterOperations.Page all =
        deadLetters.browse(new Selection(Optional.empty(), Optional.empty(), Set.of(), 10, false));
    assertThat(all.scanned()).isEqualTo(5);
    assertThat(all.items())
        .filteredOn(item -> item.replayedAt() == null)
        .extracting(DeadLetterOperations.Item::key)
        .containsExactlyInAnyOrder("dev-3", "dev-4", "dev-5");

    // the same selection again sends nothing
    DeadLetterOperations.ReplayReport again = deadLetters.replay(fix);
    assertThat(again.sent()).isZero();
    assertThat(again.skipped()).isEqualTo(2);
    assertThat(again.skippedIds()).containsExactly("0:0", "1:0");

    // the command line: a dry run by id, then the replay of one more, then nothing new
    Path config = dir.resolve("cornjacket.properties");
    Files.writeString(
        config,
        "CORNJACKET_KAFKA_BOOTSTRAP="
            + kafka.bootstrapServers()
            + "\nCORNJACKET_KAFKA_TOPIC_PREFIX="
            + topics.prefix()
            + "\n");
    String dryOut = cli("dlq", "replay", "--config", config.toString(), "--id", "1:1", "--dry-run");
    assertThat(dryOut).contains("would send 1:1").contains("1 matched, 1 would be sent");
    String cliOut =
        cli(
            "dlq",
            "replay",
            "--config",
            config.toString(),
            "--stage",
            "mqtt",
            "--reason",
            "missing_field");
    assertThat(cliOut).contains("sent 1:1").contains("1 matched, 1 sent to the raw topic");
    String cliAgain = cli("dlq", "replay", "--config", config.toString(), "--stage", "mqtt");
    assertThat(cliAgain).contains("skipped 1:1").contains("1 matched, 0 sent");
    List<ConsumerRecord<String, byte[]>> rawAfter = readRaw(kafka, topics, 3);
    assertThat(rawAfter).extracting(ConsumerRecord::key).containsExactly("dev-1", "dev-2", "dev-4");
    // a replay without a selection is refused, naming the options
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, "dlq", "replay", "--config", config.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("select dead letters with --stage, --reason or --id");
  }

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    assertThat(run(out, err, args)).as(err.toString()).isZero();
    return out.toString();
  }

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine commandLine = CornjacketCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static String envelope(String id) {
    return "{\"event\":{\"event_id\":\"" + id + "\"},\"received_at\":\"" + T0 + "\"}";
  }

  private static void send(
      KafkaFixture kafka,
      Topics topics,
      int partition,
      String key,
      String id,
      String reason,
      String stage,
      int minute)
      throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topics.deadLetters().name(),
                  partition,
                  key,
                  envelope(id).getBytes(UTF_8),
                  DeadLetters.headers(
                      reason,
                      "test " + reason,
                      stage,
                      "http",
                      topics.raw().name(),
                      0,
                      minute,
                      T0.plus(Duration.ofMinutes(minute)))))
          .get(10, TimeUnit.SECONDS);
    }
  }

  private static List<ConsumerRecord<String, byte[]>> readRaw(
      KafkaFixture kafka, Topics topics, int expected) {
    List<ConsumerRecord<String, byte[]>> records =
        TopicReader.readAll(
            kafka.bootstrapServers(),
            topics.raw().name(),
            r -> true,
            expected,
            Duration.ofSeconds(20));
    assertThat(records).hasSize(expected);
    return records;
  }

  private static long endOffset(KafkaFixture kafka, String topic) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      TopicPartition partition = new TopicPartition(topic, 0);
      return admin
          .listOffsets(Map.of(partition, OffsetSpec.latest()))
          .partitionResult(partition)
          .get(10, TimeUnit.SECONDS)
          .offset();
    }
  }
}
