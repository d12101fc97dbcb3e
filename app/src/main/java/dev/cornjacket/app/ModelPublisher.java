package dev.cornjacket.app;

import dev.cornjacket.config.KafkaSettings;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.anomaly.DetectorParameters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the anomaly detector's parameters and version to the compacted models topic at
 * start-up, keyed by the model's name. Every instance's topology reads that topic as a global store
 * and scores with what it finds there, so all instances score the same way and each change of
 * parameters is a visible, auditable record in the topic.
 */
public final class ModelPublisher {

  private static final Logger log = LoggerFactory.getLogger(ModelPublisher.class);

  private final KafkaSettings kafka;
  private final Duration timeout;

  public ModelPublisher(KafkaSettings kafka, Duration timeout) {
    this.kafka = kafka;
    this.timeout = timeout;
  }

  /**
   * Writes {@code parameters} to {@code topic} and waits for the broker's acknowledgement.
   *
   * @throws IllegalStateException naming the broker when the write fails or times out
   */
  public void publish(Topic<String, DetectorParameters> topic, DetectorParameters parameters) {
    String bootstrap =
        kafka
            .bootstrap()
            .orElseThrow(() -> new IllegalArgumentException("kafka.bootstrap is unset"));
    Map<String, Object> props =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.CLIENT_ID_CONFIG,
            "cornjacket-models",
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            0,
            // the producer requires delivery timeout >= linger + request timeout
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
            (int) timeout.toMillis(),
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            (int) timeout.toMillis() / 2);
    try (KafkaProducer<String, DetectorParameters> producer =
        new KafkaProducer<>(
            props, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(topic.name(), parameters.model(), parameters))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      log.info(
          "Published anomaly model {} version {} to {}",
          parameters.model(),
          parameters.version(),
          topic.name());
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at "
              + bootstrap
              + " did not acknowledge the model parameters within "
              + timeout.toSeconds()
              + " s",
          e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrap + " refused the model parameters: " + e.getCause().getMessage(),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the model parameters", e);
    }
  }
}
