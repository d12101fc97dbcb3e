package dev.cornjacket.app.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.http.ops.DeadLetterOperations;
import dev.cornjacket.topology.DeadLetters;
import dev.cornjacket.topology.Topics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead letters read from and replayed to Kafka, for the operator API and {@code cornjacket dlq}.
 *
 * <p><b>Browsing</b> reads the newest {@value #SCAN_PER_PARTITION} records of each partition of the
 * dead-letter topic with a short-lived, group-less {@code read_committed} consumer, decodes them
 * with {@link DeadLetters#read} and answers the newest matches first.
 *
 * <p><b>Replaying</b> re-sends the selected dead letters' original key and bytes, unchanged, to the
 * raw topic with header {@value #REPLAYED_FROM} ({@code topic/partition/offset} of the dead
 * letter), oldest first, and in the same Kafka transaction writes one record per dead letter to the
 * compacted {@link Topics#dlqReplays()} topic, keyed by those coordinates. A dead letter with a
 * record there is never sent again. Every replay uses the same transactional id: its {@code
 * initTransactions} fences (aborts) any replay still running elsewhere, and the replay reads the
 * replay records only after that, so two replays of the same selection cannot both send it. Dead
 * letters without a value (nothing to re-send) are not selected.
 */
public final class KafkaDeadLetters implements DeadLetterOperations {

  /** Header of a replayed record on the raw topic: where its dead letter is. */
  public static final String REPLAYED_FROM = "cj.dlq.replayed_from";

  static final int SCAN_PER_PARTITION = 100_000;
  private static final int PREVIEW_CHARS = 2048;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger log = LoggerFactory.getLogger(KafkaDeadLetters.class);

  private final String bootstrap;
  private final Topics topics;
  private final Clock clock;
  private final ReentrantLock replayLock = new ReentrantLock();

  public KafkaDeadLetters(String bootstrap, Topics topics, Clock clock) {
    this.bootstrap = Objects.requireNonNull(bootstrap, "bootstrap");
    this.topics = Objects.requireNonNull(topics, "topics");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private record Found(int partition, long offset, String key, DeadLetters.DeadLetter letter) {
    String id() {
      return partition + ":" + offset;
    }
  }

  @Override
  public Page browse(Selection selection) {
    Map<String, Instant> replayed = readReplays();
    List<Found> matches = new ArrayList<>();
    Map<String, Long> byReason = new TreeMap<>();
    Map<String, Long> byStage = new TreeMap<>();
    long[] counts = new long[2];
    scanDeadLetters(
        found -> {
          counts[0]++;
          byReason.merge(found.letter().reason(), 1L, Long::sum);
          byStage.merge(found.letter().stage(), 1L, Long::sum);
          if (matches(selection, found)) {
            matches.add(found);
          }
        },
        () -> counts[1]++);
    matches.sort(newestFirst());
    List<Item> items = new ArrayList<>();
    for (Found found : matches.subList(0, Math.min(selection.limit(), matches.size()))) {
      items.add(item(found, replayed.get(coordinates(found))));
    }
    return new Page(items, counts[0], byReason, byStage, counts[1]);
  }

  @Override
  public ReplayReport replay(Selection selection) {
    replayLock.lock();
    try {
      return selection.dryRun() ? plan(selection, readReplays()).report(true) : send(selection);
    } finally {
      replayLock.unlock();
    }
  }

  private record Plan(List<Found> toSend, List<Found> skipped) {
    ReplayReport report(boolean dryRun) {
      return new ReplayReport(
          toSend.size() + skipped.size(),
          dryRun ? 0 : toSend.size(),
          skipped.size(),
          dryRun,
          toSend.stream().map(Found::id).toList(),
          skipped.stream().map(Found::id).toList());
    }
  }

  /** The oldest {@code limit} matches with a value, split by whether they were replayed. */
  private Plan plan(Selection selection, Map<String, Instant> replayed) {
    List<Found> matches = new ArrayList<>();
    scanDeadLetters(
        found -> {
          if (found.letter().value() != null && matches(selection, found)) {
            matches.add(found);
          }
        },
        () -> {});
    matches.sort(newestFirst().reversed());
    List<Found> toSend = new ArrayList<>();
    List<Found> skipped = new ArrayList<>();
    for (Found found : matches.subList(0, Math.min(selection.limit(), matches.size()))) {
      (replayed.containsKey(coordinates(found)) ? skipped : toSend).add(found);
    }
    return new Plan(toSend, skipped);
  }

  private ReplayReport send(Selection selection) {
    try (KafkaProducer<String, byte[]> producer = transactionalProducer()) {
      // Fences any other replay first; only then are the replay records complete.
      producer.initTransactions();
      Plan plan = plan(selection, readReplays());
      if (plan.toSend().isEmpty()) {
        return plan.report(false);
      }
      Instant now = clock.instant();
      producer.beginTransaction();
      for (Found found : plan.toSend()) {
        String coordinates = coordinates(found);
        RecordHeaders headers = new RecordHeaders();
        headers.add(REPLAYED_FROM, coordinates.getBytes(UTF_8));
        producer.send(
            new ProducerRecord<>(
                topics.raw().name(), null, found.key(), found.letter().value(), headers));
        producer.send(
            new ProducerRecord<>(
                topics.dlqReplays().name(), coordinates, replayRecord(found, now).getBytes(UTF_8)));
      }
      producer.commitTransaction();
      log.info(
          "Replayed {} dead letters to {} ({} replayed before, skipped)",
          plan.toSend().size(),
          topics.raw().name(),
          plan.skipped().size());
      return plan.report(false);
    } catch (ProducerFencedException e) {
      throw new DeadLettersUnavailableException(
          "another replay started meanwhile and took over; nothing of this one was sent", e);
    } catch (KafkaException e) {
      throw new DeadLettersUnavailableException(
          "replay to " + topics.raw().name() + " failed, nothing was sent: " + e.getMessage(), e);
    }
  }

  private String replayRecord(Found found, Instant now) {
    Map<String, Object> value = new java.util.LinkedHashMap<>();
    value.put("replayed_at", now.toString());
    value.put("to", topics.raw().name());
    value.put("reason", found.letter().reason());
    value.put("stage", found.letter().stage());
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("a map of strings is JSON", e);
    }
  }

  // ---- reading ------------------------------------------------------------------------------

  private static boolean matches(Selection selection, Found found) {
    return selection.stage().map(found.letter().stage()::equals).orElse(true)
        && selection.reason().map(found.letter().reason()::equals).orElse(true)
        && (selection.ids().isEmpty() || selection.ids().contains(found.id()));
  }

  private static Comparator<Found> newestFirst() {
    return Comparator.comparing((Found f) -> f.letter().time())
        .thenComparingLong(Found::offset)
        .thenComparingInt(Found::partition)
        .reversed();
  }

  private String coordinates(Found found) {
    return DeadLetters.origin(topics.deadLetters().name(), found.partition(), found.offset());
  }

  private static Item item(Found found, Instant replayedAt) {
    DeadLetters.DeadLetter letter = found.letter();
    byte[] value = letter.value();
    String text = value == null ? null : new String(value, UTF_8);
    if (text != null && text.length() > PREVIEW_CHARS) {
      text = text.substring(0, PREVIEW_CHARS) + "...";
    }
    return new Item(
        found.id(),
        found.key(),
        letter.reason(),
        letter.message(),
        letter.stage(),
        letter.source(),
        letter.origin(),
        letter.time(),
        text,
        value == null ? -1 : value.length,
        replayedAt);
  }

  private void scanDeadLetters(Consumer<Found> visitor, Runnable unreadable) {
    readTopic(
        topics.deadLetters().name(),
        SCAN_PER_PARTITION,
        new ByteArrayDeserializer(),
        record -> {
          DeadLetters.DeadLetter letter;
          try {
            letter = DeadLetters.read(record.headers(), record.value());
          } catch (IllegalArgumentException e) {
            unreadable.run();
            return;
          }
          visitor.accept(
              new Found(
                  record.partition(),
                  record.offset(),
                  record.key() == null ? null : new String(record.key(), UTF_8),
                  letter));
        });
  }

  /** Coordinates of the replayed dead letters, with when. */
  private Map<String, Instant> readReplays() {
    Map<String, Instant> replayed = new HashMap<>();
    readTopic(
        topics.dlqReplays().name(),
        Integer.MAX_VALUE,
        new ByteArrayDeserializer(),
        record -> {
          String key = record.key() == null ? null : new String(record.key(), UTF_8);
          if (key == null) {
            return;
          }
          if (record.value() == null) {
            replayed.remove(key);
            return;
          }
          replayed.put(key, replayedAt(record.value(), record.timestamp()));
        });
    return replayed;
  }

  private static Instant replayedAt(byte[] value, long timestamp) {
    try {
      JsonNode node = JSON.readTree(value);
      return Instant.parse(node.path("replayed_at").asText());
    } catch (IOException | RuntimeException e) {
      return Instant.ofEpochMilli(timestamp);
    }
  }

  /** Reads the last {@code perPartition} records of every partition of {@code topic}, once. */
  private void readTopic(
      String topic,
      int perPartition,
      ByteArrayDeserializer values,
      Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), values)) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
      if (infos == null || infos.isEmpty()) {
        throw new DeadLettersUnavailableException("topic " + topic + " does not exist", null);
      }
      List<TopicPartition> partitions =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
      List<TopicPartition> remaining = new ArrayList<>();
      for (TopicPartition partition : partitions) {
        long start = Math.max(begin.get(partition), end.get(partition) - perPartition);
        consumer.seek(partition, start);
        if (start < end.get(partition)) {
          remaining.add(partition);
        }
      }
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!remaining.isEmpty()) {
        if (System.nanoTime() > deadline) {
          throw new DeadLettersUnavailableException(
              "reading " + topic + " took longer than " + TIMEOUT.toSeconds() + " s", null);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (record.offset() < end.get(new TopicPartition(topic, record.partition()))) {
            visitor.accept(record);
          }
        }
        remaining.removeIf(partition -> consumer.position(partition) >= end.get(partition));
      }
    } catch (KafkaException e) {
      throw new DeadLettersUnavailableException(
          "cannot read " + topic + " at " + bootstrap + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Object> consumerProperties() {
    return Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        "read_committed",
        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
        5000,
        ConsumerConfig.CLIENT_ID_CONFIG,
        "cornjacket-dlq-reader");
  }

  private KafkaProducer<String, byte[]> transactionalProducer() {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "cornjacket-dlq-replay." + topics.deadLetters().name(),
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            TIMEOUT.toMillis(),
            ProducerConfig.CLIENT_ID_CONFIG,
            "cornjacket-dlq-replay"),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
