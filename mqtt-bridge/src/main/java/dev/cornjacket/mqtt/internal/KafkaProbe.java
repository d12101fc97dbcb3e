package dev.cornjacket.mqtt.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;

/**
 * Whether Kafka answers for the raw topic. After a produce failure the bridge reconnects to MQTT
 * only once it does: reconnecting earlier would only have the broker deliver the same messages
 * again, to fail again.
 */
public final class KafkaProbe implements AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private final Admin admin;
  private final String topic;

  public KafkaProbe(String bootstrap, String topic) {
    this.topic = topic;
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                BridgeProducerConfig.CLIENT_ID + "-probe",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis()));
  }

  /** Asks Kafka about the raw topic; waits at most 2 s. */
  public boolean reachable() {
    try {
      admin
          .describeTopics(
              List.of(topic), new DescribeTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
          .allTopicNames()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException | TimeoutException e) {
      return false; // the answer to the question: not reachable (yet)
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public void close() {
    admin.close(TIMEOUT);
  }
}
