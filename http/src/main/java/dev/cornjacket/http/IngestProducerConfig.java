package dev.cornjacket.http;

import dev.cornjacket.config.KafkaSettings;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The producer settings of the ingest front end, in one place: the ingest itself uses them, and the
 * ingest benchmark gives its raw-producer baseline exactly the same ones.
 */
public final class IngestProducerConfig {

  private IngestProducerConfig() {}

  /** Idempotent, {@code acks=all}, with every wait bounded by the produce timeout. */
  public static Map<String, Object> of(String bootstrap, KafkaSettings kafka) {
    long timeoutMs = kafka.produceTimeout().toMillis();
    long lingerMs = kafka.linger().toMillis();
    // A record is given up after delivery.timeout.ms, which must cover linger plus one request;
    // one request gets half the budget so that a retry fits in.
    long requestTimeoutMs = Math.max(500, timeoutMs / 2);
    return Map.ofEntries(
        Map.entry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
        Map.entry(ProducerConfig.CLIENT_ID_CONFIG, "cornjacket-ingest"),
        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
        Map.entry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5),
        Map.entry(ProducerConfig.LINGER_MS_CONFIG, (int) lingerMs),
        Map.entry(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024),
        Map.entry(ProducerConfig.BUFFER_MEMORY_CONFIG, kafka.producerBuffer()),
        // send() blocks for metadata or buffer space at most this long, then the request fails
        // fast with 503 (no metadata) or 429 (no buffer) instead of hanging.
        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(200, timeoutMs / 2)),
        Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeoutMs),
        Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (timeoutMs + lingerMs)));
  }
}
