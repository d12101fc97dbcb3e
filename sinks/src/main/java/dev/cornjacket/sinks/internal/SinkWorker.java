package dev.cornjacket.sinks.internal;

import dev.cornjacket.sinks.SinkOptions;
import dev.cornjacket.sinks.SinkStatus;
import dev.cornjacket.sinks.internal.DeadLetterPublisher.DeadLetterPublishException;
import dev.cornjacket.sinks.internal.OffsetStore.OffsetConflictException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's consumer loop, on one thread: poll a batch, write it with its offsets in one
 * transaction, repeat.
 *
 * <p>Where it reads from is PostgreSQL's business, not Kafka's: a newly assigned partition stays
 * paused until its stored offset is read from {@code sink_offsets} and the consumer seeks there (or
 * to the beginning when there is none). Nothing is ever committed to Kafka.
 *
 * <p>When PostgreSQL is unreachable the loop keeps the failed batch, pauses every partition and
 * keeps polling (so the group membership stays) while it waits out a doubling, capped back-off
 * between attempts; the first successful write resumes the partitions.
 *
 * <p>When the Kafka consumer itself fails with an unexpected exception, the loop closes it, waits
 * out the same back-off and carries on with a new one (as Kafka Streams replaces a failed stream
 * thread): the batch in hand is dropped and every partition the new consumer gets is read from its
 * stored offset again, so nothing is lost or written twice. Only a database error that retrying
 * cannot fix stops the sink.
 */
public final class SinkWorker implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(SinkWorker.class);
  private static final Duration WAIT_POLL = Duration.ofMillis(200);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
  private static final String CONSUMER_FAILED = "Kafka consumer failed: ";

  /** A database error that retrying cannot fix: the end of the loop. */
  private static final class DatabaseFailure extends RuntimeException {
    DatabaseFailure(SQLException cause) {
      super(cause.getMessage(), cause);
    }
  }

  private final SinkOptions options;
  private final DataSource dataSource;
  private final Supplier<Consumer<String, byte[]>> consumers;
  private final RecordDecoder decoder;
  private final List<SinkTable<?>> tables;
  private final OffsetStore offsetStore;
  private final BatchWriter writer;
  private final DeadLetterPublisher deadLetters;
  private final SinkMetrics metrics;
  private final Clock clock;

  /** The stored offset of each positioned partition, as last read or written by this instance. */
  private final Map<TopicPartition, Long> expected = new HashMap<>();

  /** Assigned partitions that are paused until their stored offset is known. */
  private final Set<TopicPartition> unpositioned = new HashSet<>();

  /** The current consumer: {@link #consumers} makes a new one when it fails. */
  private volatile Consumer<String, byte[]> consumer;

  private Batch pending;
  private Connection connection;
  private int attempt;
  private volatile boolean closing;
  private volatile SinkStatus status;

  public SinkWorker(
      SinkOptions options,
      DataSource dataSource,
      Supplier<Consumer<String, byte[]>> consumers,
      DeadLetterPublisher deadLetters,
      SinkMetrics metrics,
      Clock clock) {
    this.options = options;
    this.dataSource = dataSource;
    this.consumers = consumers;
    this.decoder = new RecordDecoder(options.topics());
    this.tables =
        List.of(
            new EventsTable(), new AnomaliesTable(), new RollupsTable(), new DeviceLatestTable());
    this.offsetStore = new OffsetStore(options.groupId());
    this.deadLetters = deadLetters;
    this.writer = new BatchWriter(offsetStore, deadLetters);
    this.metrics = metrics;
    this.clock = clock;
    this.status = status(SinkStatus.State.STARTING, "", 0);
  }

  public SinkStatus status() {
    return status;
  }

  /** Asks the loop to stop after the batch it is writing; the consumer leaves its group. */
  public void stop() {
    closing = true;
    Consumer<String, byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }

  @Override
  public void run() {
    try {
      subscribe();
      while (!closing) {
        try {
          step();
        } catch (DatabaseFailure e) {
          throw e;
        } catch (RuntimeException e) {
          // stop() wakes the consumer up: a WakeupException then only ends the loop
          if (!closing) {
            replaceConsumer(e);
          }
        }
      }
      status = status(SinkStatus.State.STOPPED, "", 0);
    } catch (RuntimeException e) {
      // the end of this thread: logged here, reported by status() to the health check
      status = status(SinkStatus.State.FAILED, String.valueOf(e.getMessage()), 0);
      log.error("The Postgres sink stopped: {}", e.getMessage(), e);
    } finally {
      if (status.state() != SinkStatus.State.STOPPED && status.state() != SinkStatus.State.FAILED) {
        status = status(SinkStatus.State.FAILED, "stopped by an error", 0);
      }
      closeConnection(null);
      try {
        closeConsumer();
      } finally {
        deadLetters.close();
      }
    }
  }

  private void subscribe() {
    consumer = consumers.get();
    consumer.subscribe(decoder.topics(), new Rebalances());
  }

  /**
   * Leaves the group even as a static member: the remaining instances take this one's partitions at
   * once instead of after the session timeout, as the streams do.
   */
  private void closeConsumer() {
    Consumer<String, byte[]> current = consumer;
    if (current == null) {
      return;
    }
    consumer = null;
    current.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT));
  }

  /**
   * Closes a consumer that failed, drops what it had read and, after the back-off, goes on with a
   * new one, whose partitions are positioned from {@code sink_offsets} as at the start.
   */
  private void replaceConsumer(RuntimeException failure) {
    attempt++;
    metrics.consumerReplaced();
    String reason = describe(failure);
    status = status(SinkStatus.State.RETRYING, CONSUMER_FAILED + reason, attempt);
    Duration delay = options.backoff(attempt);
    log.error(
        "The Postgres sink's Kafka consumer failed ({}); replacing it in {} ms. The batch in hand"
            + " is dropped and read again from the stored offsets",
        reason,
        delay.toMillis(),
        failure);
    closeConnection(failure);
    pending = null;
    unpositioned.clear();
    expected.clear();
    try {
      closeConsumer();
    } catch (RuntimeException closeFailed) {
      log.warn("Closing the failed consumer failed too: {}", describe(closeFailed));
    }
    sleepUnlessClosing(delay);
    if (attempt >= options.maxAttempts()) {
      attempt = 0;
    }
    if (!closing) {
      subscribe();
    }
  }

  private void sleepUnlessClosing(Duration delay) {
    long deadline = System.nanoTime() + delay.toNanos();
    try {
      while (!closing) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        Thread.sleep(Duration.ofNanos(Math.min(left, WAIT_POLL.toNanos())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closing = true;
    }
  }

  private void step() {
    try {
      positionNewPartitions();
      if (pending == null) {
        ConsumerRecords<String, byte[]> polled = consumer.poll(options.pollTimeout());
        if (polled.isEmpty()) {
          return;
        }
        if (behindStoredOffsets(polled)) {
          repositionAll();
          return;
        }
        pending = Batch.of(polled, decoder, tables);
      }
      writePending();
      recovered();
    } catch (OffsetConflictException e) {
      metrics.offsetConflict();
      log.warn("Dropping a batch and re-reading the stored offsets: {}", e.getMessage());
      pending = null;
      repositionAll();
    } catch (DeadLetterPublishException e) {
      retryLater(e);
    } catch (SQLException e) {
      if (FailureKind.of(e) != FailureKind.TRANSIENT) {
        throw new DatabaseFailure(e);
      }
      retryLater(e);
    }
  }

  private void writePending()
      throws SQLException, OffsetConflictException, DeadLetterPublishException {
    long started = System.nanoTime();
    BatchWriter.Result result = writer.write(connection(), pending, expected);
    expected.putAll(pending.nextOffsets());
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    metrics.batchCommitted(took);
    log.debug(
        "Committed {} records in {} ms: rows {}, unchanged {}, offsets {}",
        pending.records(),
        took.toMillis(),
        result.changed(),
        result.unchanged(),
        pending.nextOffsets());
    result
        .changed()
        .forEach((table, n) -> metrics.written(table, n, result.unchanged().get(table)));
    for (DeadLetterEntry dead : result.dead()) {
      metrics.deadLettered(dead.reason());
      log.warn(
          "Dead-lettered {}/{}/{}: {}: {}",
          dead.origin().topic(),
          dead.origin().partition(),
          dead.origin().offset(),
          dead.reason(),
          dead.message());
    }
    pending = null;
  }

  /** Seeks newly assigned partitions to their stored offsets and resumes them. */
  private void positionNewPartitions() throws SQLException {
    if (unpositioned.isEmpty()) {
      return;
    }
    Connection c = connection();
    Map<TopicPartition, Long> stored = offsetStore.load(c, unpositioned);
    c.commit();
    List<TopicPartition> fromBeginning = new ArrayList<>();
    for (TopicPartition tp : unpositioned) {
      Long next = stored.get(tp);
      if (next == null) {
        fromBeginning.add(tp);
        expected.put(tp, OffsetStore.NONE);
      } else {
        consumer.seek(tp, next);
        expected.put(tp, next);
      }
    }
    if (!fromBeginning.isEmpty()) {
      // never with an empty list: that means every assigned partition to the consumer
      consumer.seekToBeginning(fromBeginning);
    }
    log.info(
        "Reading {} partitions: {} from their stored offsets, {} from the beginning",
        unpositioned.size(),
        stored.size(),
        fromBeginning.size());
    log.debug("Stored offsets {}; from the beginning {}", stored, fromBeginning);
    unpositioned.clear();
    if (pending == null) {
      // PostgreSQL answered, and no failed batch waits: read on
      recovered();
    }
  }

  /**
   * Whether the consumer delivered a record this sink has already stored: its position went behind
   * the stored offset, which must never happen. Writing the records would be harmless (the rows are
   * idempotent) but would move the stored offset back, so the partitions are positioned again.
   */
  private boolean behindStoredOffsets(ConsumerRecords<String, byte[]> polled) {
    for (TopicPartition tp : polled.partitions()) {
      Long stored = expected.get(tp);
      ConsumerRecord<String, byte[]> first = polled.records(tp).getFirst();
      if (stored != null && stored != OffsetStore.NONE && first.offset() < stored) {
        log.warn(
            "The consumer read {} from offset {}, behind its stored offset {}; positioning every"
                + " partition from the stored offsets again",
            tp,
            first.offset(),
            stored);
        return true;
      }
    }
    return false;
  }

  private void retryLater(Exception failure) {
    closeConnection(failure);
    attempt++;
    metrics.retried();
    Duration delay = options.backoff(attempt);
    String reason = describe(failure);
    status = status(SinkStatus.State.RETRYING, reason, attempt);
    log.debug("Attempt {} failed", attempt, failure);
    if (attempt < options.maxAttempts()) {
      log.warn(
          "PostgreSQL unavailable ({}): attempt {} of {} failed; partitions paused, next attempt in"
              + " {} ms",
          reason,
          attempt,
          options.maxAttempts(),
          delay.toMillis());
    } else {
      log.error(
          "PostgreSQL unavailable ({}): attempt {} of {} failed; the sink stays paused and starts"
              + " a new round of attempts in {} ms",
          reason,
          attempt,
          options.maxAttempts(),
          delay.toMillis(),
          failure);
      attempt = 0;
    }
    consumer.pause(consumer.assignment());
    waitPolling(delay);
  }

  /** Waits while calling poll, so that the consumer stays in its group; all partitions paused. */
  private void waitPolling(Duration delay) {
    long deadline = System.nanoTime() + delay.toNanos();
    while (!closing) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      ConsumerRecords<String, byte[]> polled =
          consumer.poll(Duration.ofNanos(Math.min(left, WAIT_POLL.toNanos())));
      // none expected while paused; if a partition delivered anyway, read it again later
      for (TopicPartition tp : polled.partitions()) {
        consumer.seek(tp, polled.records(tp).getFirst().offset());
        consumer.pause(List.of(tp));
      }
    }
  }

  /** The database answered and nothing waits: run, with every positioned partition resumed. */
  private void recovered() {
    if (status.state() != SinkStatus.State.RUNNING) {
      if (status.state() == SinkStatus.State.RETRYING) {
        log.info(
            status.detail().startsWith(CONSUMER_FAILED)
                ? "The new Kafka consumer has its partitions; running again"
                : "PostgreSQL is reachable again; resuming the partitions");
      }
      status = status(SinkStatus.State.RUNNING, "", 0);
    }
    attempt = 0;
    Set<TopicPartition> paused = new HashSet<>(consumer.paused());
    paused.removeAll(unpositioned);
    if (!paused.isEmpty()) {
      consumer.resume(paused);
    }
  }

  private void repositionAll() {
    Set<TopicPartition> assigned = consumer.assignment();
    consumer.pause(assigned);
    unpositioned.addAll(assigned);
    expected.clear();
  }

  /** The connection this loop writes on; its staging tables live as long as it does. */
  private Connection connection() throws SQLException {
    if (connection == null) {
      Connection c = dataSource.getConnection();
      try {
        c.setAutoCommit(true);
        for (SinkTable<?> table : tables) {
          table.createStaging(c);
        }
        c.setAutoCommit(false);
      } catch (SQLException e) {
        try {
          c.close();
        } catch (SQLException closeFailed) {
          e.addSuppressed(closeFailed);
        }
        throw e;
      }
      connection = c;
    }
    return connection;
  }

  /** Gives the connection back to the pool, which discards it when it is broken. */
  private void closeConnection(Exception cause) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException e) {
      if (cause != null) {
        cause.addSuppressed(e);
      } else {
        log.warn("Closing the sink's connection failed: {}", e.toString());
      }
    } finally {
      connection = null;
    }
  }

  private SinkStatus status(SinkStatus.State state, String detail, int attempts) {
    return new SinkStatus(state, detail, attempts, clock.instant());
  }

  /** The innermost message of the failure: what actually went wrong. */
  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : ": " + root.getMessage();
    return root.getClass().getSimpleName() + message;
  }

  private void forget(Collection<TopicPartition> partitions) {
    unpositioned.removeAll(partitions);
    expected.keySet().removeAll(partitions);
    if (pending != null) {
      pending = pending.without(partitions);
      if (pending.isEmpty()) {
        pending = null;
      }
    }
  }

  /** Runs inside poll() on the loop's thread. */
  private final class Rebalances implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        consumer.pause(partitions);
        unpositioned.addAll(partitions);
      }
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }
  }
}
