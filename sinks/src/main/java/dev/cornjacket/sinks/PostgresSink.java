package dev.cornjacket.sinks;

import dev.cornjacket.sinks.internal.DeadLetterPublisher;
import dev.cornjacket.sinks.internal.SinkConsumers;
import dev.cornjacket.sinks.internal.SinkMetrics;
import dev.cornjacket.sinks.internal.SinkWorker;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Postgres sink: a plain Kafka consumer ({@code read_committed}, no auto-commit) of the event
 * topics ({@code cj.events.sensor|user_action|system}), {@code cj.anomalies}, {@code
 * cj.proj.device_latest} and {@code cj.proj.rollups_1m}, writing {@code events}, {@code anomalies},
 * {@code device_latest} and {@code rollups_1m} (one row per metric of each device's window).
 *
 * <p>Each polled batch is written together with the consumed offsets ({@code sink_offsets}) in one
 * PostgreSQL transaction, and the consumer starts from those stored offsets: a crash at any point
 * neither loses nor duplicates a row. Writes are also idempotent on the tables' natural keys.
 *
 * <p>A record PostgreSQL rejects, or that cannot be read, goes to {@code cj.events.dlq} (stage
 * {@code sink}) and the batch goes on without it. While PostgreSQL is unreachable the sink pauses
 * its partitions, retries with back-off and resumes by itself; a Kafka consumer that fails is
 * replaced by a new one after the same back-off; any other database error stops it ({@link
 * #status()} is {@code FAILED} with the reason).
 */
public final class PostgresSink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(PostgresSink.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final SinkWorker worker;
  private final Thread thread;
  private final SinkConsumers consumers;

  private PostgresSink(SinkWorker worker, Thread thread, SinkConsumers consumers) {
    this.worker = worker;
    this.thread = thread;
    this.consumers = consumers;
  }

  /**
   * Starts the sink on a thread of its own and returns at once.
   *
   * @param dataSource the database, already migrated ({@link PostgresStore#open})
   * @param registry where the sink's meters go
   */
  public static PostgresSink start(
      SinkOptions options, DataSource dataSource, MeterRegistry registry) {
    return start(
        options,
        dataSource,
        registry,
        config ->
            new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer()));
  }

  /** As {@link #start(SinkOptions, DataSource, MeterRegistry)}, with the consumers it is given. */
  static PostgresSink start(
      SinkOptions options,
      DataSource dataSource,
      MeterRegistry registry,
      Function<Map<String, Object>, Consumer<String, byte[]>> newConsumer) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(registry, "registry");
    SinkConsumers consumers = new SinkConsumers(consumerConfig(options), newConsumer, registry);
    DeadLetterPublisher deadLetters =
        new DeadLetterPublisher(
            options.bootstrap(), options.topics().deadLetters().name(), Clock.systemUTC());
    SinkWorker worker =
        new SinkWorker(
            options,
            dataSource,
            consumers,
            deadLetters,
            new SinkMetrics(registry),
            Clock.systemUTC());
    Thread thread = Thread.ofPlatform().name("cornjacket-postgres-sink").unstarted(worker);
    thread.start();
    log.info(
        "Postgres sink started (group {}, batches of up to {})",
        options.groupId(),
        options.batchSize());
    return new PostgresSink(worker, thread, consumers);
  }

  static Map<String, Object> consumerConfig(SinkOptions options) {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
    config.put(ConsumerConfig.GROUP_ID_CONFIG, options.groupId());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, "cornjacket-postgres-sink");
    // offsets live in PostgreSQL, committed with the rows; Kafka's are never used
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, options.batchSize());
    config.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    options
        .groupInstanceId()
        .ifPresent(id -> config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
    options
        .sessionTimeout()
        .ifPresent(t -> config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) t.toMillis()));
    return config;
  }

  /** What the sink is doing; {@code FAILED} carries the reason. */
  public SinkStatus status() {
    return worker.status();
  }

  /**
   * Stops after the batch being written (its transaction commits or rolls back as a whole) and
   * leaves the consumer group.
   */
  @Override
  public void close() {
    worker.stop();
    try {
      thread.join(CLOSE_TIMEOUT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn("The Postgres sink did not stop within {}", CLOSE_TIMEOUT);
    }
    consumers.close();
  }
}
