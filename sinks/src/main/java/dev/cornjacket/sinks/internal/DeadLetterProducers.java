package dev.cornjacket.sinks.internal;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer every sink-side dead-letter writer uses: idempotent, {@code acks=all}, the original
 * bytes as the value.
 */
public final class DeadLetterProducers {

  private DeadLetterProducers() {}

  public static KafkaProducer<String, byte[]> create(String bootstrap, String clientId) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.CLIENT_ID_CONFIG,
            clientId),
        new StringSerializer(),
        new ByteArraySerializer());
  }
}
