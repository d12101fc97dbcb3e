package dev.cornjacket.app;

import dev.cornjacket.config.KafkaSettings;
import dev.cornjacket.topology.ValidationLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics Cornjacket needs when they are missing, with the configured partitions,
 * replication and retention, and checks that existing ones have the configured partition count (a
 * different count would silently re-key devices to other partitions).
 */
public final class TopicProvisioner {

  /** Records may carry an event's {@code ts}, up to the validator's future skew ahead. */
  private static final String TIMESTAMP_AFTER_MAX =
      String.valueOf(ValidationLimits.DEFAULTS.topicTimestampAfterMax().toMillis());

  private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final Duration METADATA_POLL = Duration.ofMillis(100);

  private final KafkaSettings kafka;
  private final Duration timeout;

  public TopicProvisioner(KafkaSettings kafka, Duration timeout) {
    this.kafka = kafka;
    this.timeout = timeout;
  }

  /**
   * Ensures every named topic exists as configured.
   *
   * @return the topics that were created
   * @throws IllegalStateException naming the broker, or every topic whose partition count differs
   */
  public List<String> ensure(Collection<String> names) {
    return ensure(names, Set.of());
  }

  /**
   * Ensures every named topic exists as configured; those in {@code compacted} are created with
   * {@code cleanup.policy=compact} (their latest value per key is kept forever) instead of the
   * retention time.
   *
   * @return the topics that were created
   * @throws IllegalStateException naming the broker, or every topic whose partition count differs
   */
  public List<String> ensure(Collection<String> names, Set<String> compacted) {
    String bootstrap =
        kafka
            .bootstrap()
            .orElseThrow(() -> new IllegalArgumentException("kafka.bootstrap is unset"));
    try (Admin admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "cornjacket-topics",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) timeout.toMillis()))) {
      Set<String> existing =
          admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      List<String> created = createMissing(admin, names, existing, compacted);
      checkPartitions(admin, names);
      return created;
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrap + " did not answer within " + timeout.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "Kafka at " + bootstrap + " refused the topic set-up: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up topics", e);
    }
  }

  private List<String> createMissing(
      Admin admin, Collection<String> names, Set<String> existing, Set<String> compacted)
      throws InterruptedException, TimeoutException, ExecutionException {
    List<NewTopic> missing = new ArrayList<>();
    for (String name : names) {
      if (!existing.contains(name)) {
        missing.add(
            new NewTopic(name, kafka.partitions(), kafka.replicationFactor())
                .configs(
                    compacted.contains(name)
                        ? Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                            TIMESTAMP_AFTER_MAX)
                        : Map.of(
                            TopicConfig.RETENTION_MS_CONFIG,
                            String.valueOf(kafka.retention().toMillis()),
                            TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG,
                            TIMESTAMP_AFTER_MAX)));
      }
    }
    List<String> created = new ArrayList<>();
    for (var entry : admin.createTopics(missing).values().entrySet()) {
      try {
        entry.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        created.add(entry.getKey());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        // another instance created it at the same moment: fine
      }
    }
    if (!created.isEmpty()) {
      log.info(
          "Created {} topics ({} partitions, replication {}, retention {})",
          created.size(),
          kafka.partitions(),
          kafka.replicationFactor(),
          kafka.retention());
    }
    return created;
  }

  /**
   * Describes the topics, waiting (within the timeout) for topics created a moment ago: the broker
   * acknowledges a creation before its metadata cache knows the topic, and until then it answers
   * {@link UnknownTopicOrPartitionException}.
   */
  private Map<String, TopicDescription> describeOnceKnown(Admin admin, Collection<String> names)
      throws InterruptedException, TimeoutException, ExecutionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        return admin
            .describeTopics(names)
            .allTopicNames()
            .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(METADATA_POLL.toMillis());
      }
    }
  }

  private void checkPartitions(Admin admin, Collection<String> names)
      throws InterruptedException, TimeoutException, ExecutionException {
    Map<String, TopicDescription> descriptions = describeOnceKnown(admin, names);
    List<String> mismatches = new ArrayList<>();
    for (String name : names) {
      int actual = descriptions.get(name).partitions().size();
      if (actual != kafka.partitions()) {
        mismatches.add(name + " has " + actual + " partitions");
      }
    }
    if (!mismatches.isEmpty()) {
      throw new IllegalStateException(
          "Existing topics do not match "
              + KafkaSettings.PARTITIONS.env()
              + "="
              + kafka.partitions()
              + ": "
              + String.join(", ", mismatches)
              + ". Set "
              + KafkaSettings.PARTITIONS.env()
              + " to the existing count, or recreate the topics (changing the count re-keys"
              + " devices to other partitions).");
    }
  }
}
