package dev.cornjacket.mqtt;

import static org.awaitility.Awaitility.await;

import dev.cornjacket.topology.DeadLetters;
import dev.cornjacket.topology.EventFields;
import dev.cornjacket.topology.RawEnvelope;
import dev.cornjacket.topology.RawEnvelopeSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads a topic from the beginning for as long as a test needs: the raw envelopes and dead letters
 * that arrived so far, and their event ids (records delivered twice count once).
 */
final class RawTopicWatcher implements AutoCloseable {

  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();

  RawTopicWatcher(String bootstrap, String topic) {
    this.topic = topic;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-watcher-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
  }

  /** Polls once and returns every record read so far. */
  List<ConsumerRecord<String, byte[]>> poll() {
    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
    return records;
  }

  /** Polls until every id of {@code expected} arrived; returns the records read so far. */
  List<ConsumerRecord<String, byte[]>> awaitEventIds(
      Collection<String> expected, Duration timeout) {
    Set<String> missing = new HashSet<>(expected);
    int[] checked = {0};
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                // every record counts, also those read before this call
                List<ConsumerRecord<String, byte[]>> all = poll();
                for (ConsumerRecord<String, byte[]> r : all.subList(checked[0], all.size())) {
                  missing.remove(eventId(r));
                }
                checked[0] = all.size();
                return missing.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          missing.size()
              + " of "
              + expected.size()
              + " event ids did not arrive in "
              + topic
              + " within "
              + timeout
              + ", e.g. "
              + missing.stream().sorted().limit(20).toList()
              + " and "
              + missing.stream().sorted().skip(Math.max(0, missing.size() - 5)).toList(),
          e);
    }
    return List.copyOf(records);
  }

  /** Polls until at least {@code count} records arrived, then a little longer for stragglers. */
  List<ConsumerRecord<String, byte[]>> awaitRecords(int count, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ZERO).until(() -> poll().size() >= count);
    poll();
    return List.copyOf(records);
  }

  RawEnvelope envelope(ConsumerRecord<String, byte[]> record) {
    return RawEnvelopeSerde.read(topic, record.value());
  }

  String eventId(ConsumerRecord<String, byte[]> record) {
    return envelope(record).event().get(EventFields.EVENT_ID).asText();
  }

  static DeadLetters.DeadLetter deadLetter(ConsumerRecord<String, byte[]> record) {
    return DeadLetters.read(record.headers(), record.value());
  }

  @Override
  public void close() {
    consumer.close();
  }
}
