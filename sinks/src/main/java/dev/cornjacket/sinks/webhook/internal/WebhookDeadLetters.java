package dev.cornjacket.sinks.webhook.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.cornjacket.sinks.internal.DeadLetterProducers;
import dev.cornjacket.topology.DeadLetters;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Sends alerts the dispatcher gives up on to the dead-letter topic, in the platform's one format
 * with stage {@value DeadLetters#STAGE_WEBHOOK}, plus {@value #ENDPOINT}, and waits for the
 * broker's acknowledgement.
 */
public final class WebhookDeadLetters implements AutoCloseable {

  /** Header: the endpoint that did not take the alert. */
  public static final String ENDPOINT = "cj.dlq.endpoint";

  /** Reason: the endpoint answered 4xx (other than 408/429): not retried. */
  public static final String REJECTED = "webhook_rejected";

  /** Reason: every attempt failed (5xx, 408, 429, timeout, connection error, circuit open). */
  public static final String FAILED = "webhook_failed";

  /** Reason: the alert could not be read. */
  public static final String UNREADABLE = DeadLetters.DESERIALIZATION_ERROR;

  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final Clock clock;

  public WebhookDeadLetters(String bootstrap, String topic, Clock clock) {
    this.producer = DeadLetterProducers.create(bootstrap, "cornjacket-webhooks-dlq");
    this.topic = topic;
    this.clock = clock;
  }

  /**
   * Sends the dead letter and waits until the broker has it.
   *
   * @param endpoint the endpoint, or {@code null} when the alert reached none
   * @throws IllegalStateException when the broker did not acknowledge it
   */
  public void publish(Delivery delivery, String endpoint, String reason, String message) {
    Headers headers =
        DeadLetters.headers(
            reason,
            message,
            DeadLetters.STAGE_WEBHOOK,
            DeadLetters.UNKNOWN_SOURCE,
            delivery.topic(),
            delivery.partition(),
            delivery.offset(),
            clock.instant());
    if (endpoint != null) {
      headers.add(ENDPOINT, endpoint.getBytes(UTF_8));
    }
    try {
      producer
          .send(new ProducerRecord<>(topic, null, delivery.key(), delivery.body(), headers))
          .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not send a webhook dead letter to " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sending a webhook dead letter", e);
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
