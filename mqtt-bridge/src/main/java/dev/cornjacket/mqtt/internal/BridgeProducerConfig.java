package dev.cornjacket.mqtt.internal;

import dev.cornjacket.config.KafkaSettings;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The bridge's producer: the same guarantees as the HTTP front end's ({@code
 * IngestProducerConfig}), idempotent with {@code acks=all} and every wait bounded by the produce
 * timeout, so that a record Kafka cannot take fails within that time and its message is left
 * unacknowledged for the broker to deliver again.
 */
public final class BridgeProducerConfig {

  public static final String CLIENT_ID = "cornjacket-mqtt";

  private BridgeProducerConfig() {}

  public static Map<String, Object> of(String bootstrap, KafkaSettings kafka) {
    long timeoutMs = kafka.produceTimeout().toMillis();
    long lingerMs = kafka.linger().toMillis();
    // delivery.timeout.ms must cover linger plus one request; one request gets half the budget so
    // that a retry fits in
    long requestTimeoutMs = Math.max(500, timeoutMs / 2);
    return Map.ofEntries(
        Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        Map.entry(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID),
        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, (int) lingerMs),
        Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024),
        Map.entry(ProducerConfig.BUFFER_MEMORY_CONFIG, kafka.producerBuffer()),
        // send() runs on the bridge's own thread, never the MQTT client's; it waits for metadata
        // or buffer space at most this long and then fails the message
        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(200, timeoutMs / 2)),
        Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeoutMs),
        Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (timeoutMs + lingerMs)));
  }
}
