package dev.cornjacket.sinks.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cornjacket.topology.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;

/**
 * Sends the sink's dead letters in the platform's one format (stage {@value
 * DeadLetters#STAGE_SINK}) and waits for the broker's acknowledgement, so the sink commits a batch
 * only after its dead letters are durable. Two headers say what PostgreSQL objected to: {@value
 * #TABLE} and {@value #SQL_STATE}.
 *
 * <p>Dead letters are at least once: a crash after they were sent and before the batch committed
 * sends them again on restart.
 */
public final class DeadLetterPublisher implements AutoCloseable {

  /** Header: the table the record was meant for. */
  public static final String TABLE = "cj.dlq.table";

  /** Header: PostgreSQL's SQL state, when PostgreSQL rejected the row. */
  public static final String SQL_STATE = "cj.dlq.sql_state";

  /** A dead letter could not be sent; the batch is retried like any transient failure. */
  public static final class DeadLetterPublishException extends Exception {
    public DeadLetterPublishException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final Clock clock;

  public DeadLetterPublisher(String bootstrap, String topic, Clock clock) {
    this.producer = DeadLetterProducers.create(bootstrap, "cornjacket-postgres-sink-dlq");
    this.topic = topic;
    this.clock = clock;
  }

  /** Sends every entry and returns once the broker acknowledged all of them. */
  public void publish(List<DeadLetterEntry> entries) throws DeadLetterPublishException {
    if (entries.isEmpty()) {
      return;
    }
    List<Future<RecordMetadata>> sent = new ArrayList<>(entries.size());
    for (DeadLetterEntry entry : entries) {
      Origin origin = entry.origin();
      Headers headers =
          DeadLetters.headers(
              entry.reason(),
              entry.message(),
              DeadLetters.STAGE_SINK,
              origin.source(),
              origin.topic(),
              origin.partition(),
              origin.offset(),
              clock.instant());
      if (entry.table() != null) {
        headers.add(TABLE, entry.table().getBytes(UTF_8));
      }
      if (entry.sqlState() != null) {
        headers.add(SQL_STATE, entry.sqlState().getBytes(UTF_8));
      }
      sent.add(
          producer.send(new ProducerRecord<>(topic, null, origin.key(), origin.value(), headers)));
    }
    long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
    try {
      for (Future<RecordMetadata> future : sent) {
        future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new DeadLetterPublishException(
          "Could not send " + entries.size() + " dead letters to " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeadLetterPublishException("Interrupted while sending dead letters", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
