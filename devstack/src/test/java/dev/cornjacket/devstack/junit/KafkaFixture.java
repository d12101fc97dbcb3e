package dev.cornjacket.devstack.junit;

import dev.cornjacket.devstack.EmbeddedKafka;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What a test gets from {@link SharedKafka}: the address of the broker shared by the whole test
 * JVM, unique topic names so tests do not see each other's records, and dedicated brokers for tests
 * that stop and restart one.
 */
public final class KafkaFixture {

  private static final long ADMIN_TIMEOUT_SECONDS = 30;

  private final EmbeddedKafka broker;
  private final AtomicInteger prefixes = new AtomicInteger();

  KafkaFixture(EmbeddedKafka broker) {
    this.broker = broker;
  }

  /** The shared broker's {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  /**
   * A topic prefix no other caller in this JVM gets, like {@code "t7."}; prepend it to every topic,
   * group and transactional id of a test.
   */
  public String uniquePrefix() {
    return "t" + prefixes.incrementAndGet() + ".";
  }

  /** Creates topics with one partition each on the shared broker. */
  public void createTopics(String... names) {
    createTopics(1, names);
  }

  /** Creates topics with {@code partitions} partitions each on the shared broker. */
  public void createTopics(int partitions, String... names) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was: " + partitions);
    }
    createTopics(
        Arrays.stream(names).map(name -> new NewTopic(name, partitions, (short) 1)).toList());
  }

  /** Creates topics as described (replication factor 1: there is one broker) and waits for it. */
  public void createTopics(Collection<NewTopic> topics) {
    Objects.requireNonNull(topics, "topics");
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
      admin.createTopics(topics).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating topics " + topics, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Could not create topics " + topics, e);
    }
  }

  /**
   * Starts a broker of the test's own in {@code dataDir}, on a free port, that the test may stop
   * and restart ({@link EmbeddedKafka#stop()}, {@link EmbeddedKafka#start()}) to simulate an
   * outage. The test closes it, e.g. with try-with-resources.
   */
  public EmbeddedKafka dedicatedBroker(Path dataDir) {
    return new EmbeddedKafka(dataDir, 0).start();
  }
}
