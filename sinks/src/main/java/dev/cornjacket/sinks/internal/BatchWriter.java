package dev.cornjacket.sinks.internal;

import dev.cornjacket.sinks.internal.DeadLetterPublisher.DeadLetterPublishException;
import dev.cornjacket.sinks.internal.OffsetStore.OffsetConflictException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one batch and its offsets in one transaction: the offsets first (a compare-and-set that
 * also locks them against a concurrent writer), then each table, then — for rejected rows — their
 * dead letters, acknowledged before the commit.
 *
 * <p>The fast path writes each table in one go, append-only tables by a plain {@code COPY}. If
 * PostgreSQL rejects a row (bad data, or a key already stored — which the offsets should make
 * impossible), the transaction rolls back and the batch is written again through the staging tables
 * and their {@code ON CONFLICT}, with every table split in halves under savepoints until the
 * rejected rows are alone; their records become dead letters (once each), rows already stored count
 * as unchanged, and every other row is written.
 */
public final class BatchWriter {

  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

  /** A failure that is not a row's fault, rethrown with the table it happened on. */
  public static final class TableWriteException extends SQLException {
    public TableWriteException(String table, SQLException cause) {
      super(
          "Writing table " + table + " failed: " + cause.getMessage(), cause.getSQLState(), cause);
    }
  }

  /** What a committed batch did, per table. */
  public record Result(
      Map<String, Integer> changed, Map<String, Integer> unchanged, List<DeadLetterEntry> dead) {}

  /** Dead-letter reason of a row PostgreSQL rejected. */
  public static final String REJECTED = "rejected_by_database";

  private final OffsetStore offsets;
  private final DeadLetterPublisher deadLetters;
  private final CopyText buffer = new CopyText(1 << 20);

  public BatchWriter(OffsetStore offsets, DeadLetterPublisher deadLetters) {
    this.offsets = offsets;
    this.deadLetters = deadLetters;
  }

  /**
   * Writes {@code batch} and commits, or rolls back and throws.
   *
   * @param expected the stored offset of each partition as this instance knows it
   */
  public Result write(Connection connection, Batch batch, Map<TopicPartition, Long> expected)
      throws SQLException, OffsetConflictException, DeadLetterPublishException {
    connection.setAutoCommit(false);
    try {
      return attempt(connection, batch, expected, false);
    } catch (SQLException e) {
      rollback(connection, e);
      if (FailureKind.of(e) != FailureKind.ROW) {
        throw e;
      }
      log.info(
          "PostgreSQL rejected a row of a batch of {} records ({}); writing it again with the"
              + " rejected rows set apart",
          batch.records(),
          e.getMessage());
    } catch (OffsetConflictException | DeadLetterPublishException | RuntimeException e) {
      rollback(connection, e);
      throw e;
    }
    try {
      return attempt(connection, batch, expected, true);
    } catch (SQLException
        | OffsetConflictException
        | DeadLetterPublishException
        | RuntimeException e) {
      rollback(connection, e);
      throw e;
    }
  }

  private Result attempt(
      Connection connection,
      Batch batch,
      Map<TopicPartition, Long> expected,
      boolean isolateRejectedRows)
      throws SQLException, OffsetConflictException, DeadLetterPublishException {
    offsets.advance(connection, batch.nextOffsets(), expected);
    Map<String, Integer> changed = new LinkedHashMap<>();
    Map<String, Integer> unchanged = new LinkedHashMap<>();
    List<DeadLetterEntry> dead = new ArrayList<>(batch.undecodable());
    for (Map.Entry<SinkTable<?>, List<SinkRow>> entry : batch.rowsByTable().entrySet()) {
      SinkTable<?> table = entry.getKey();
      int received = entry.getValue().size();
      List<SinkRow> rows = reduce(table, entry.getValue());
      if (rows.isEmpty()) {
        continue;
      }
      int written;
      if (isolateRejectedRows) {
        List<DeadLetterEntry> rejected = new ArrayList<>();
        written = writeIsolating(connection, table, rows, rejected);
        dead.addAll(onePerRecord(rejected));
        unchanged.put(table.name(), received - rejected.size() - written);
      } else {
        written = writeWhole(connection, table, rows);
        unchanged.put(table.name(), received - written);
      }
      changed.put(table.name(), written);
    }
    deadLetters.publish(dead);
    connection.commit();
    return new Result(changed, unchanged, dead);
  }

  @SuppressWarnings("unchecked") // a batch files each row under the table of its type
  private static List<SinkRow> reduce(SinkTable<?> table, List<SinkRow> rows) {
    return ((SinkTable<SinkRow>) table).reduce(rows);
  }

  private int writeWhole(Connection connection, SinkTable<?> table, List<SinkRow> rows)
      throws SQLException {
    try {
      return table.appendOnly()
          ? table.copyDirectly(connection, rows, buffer)
          : table.write(connection, rows, buffer, false);
    } catch (SQLException e) {
      if (FailureKind.of(e) == FailureKind.FATAL) {
        throw new TableWriteException(table.name(), e);
      }
      throw e;
    }
  }

  private int writeIsolating(
      Connection connection, SinkTable<?> table, List<SinkRow> rows, List<DeadLetterEntry> rejected)
      throws SQLException {
    Savepoint savepoint = connection.setSavepoint();
    try {
      int written = table.write(connection, rows, buffer, true);
      connection.releaseSavepoint(savepoint);
      return written;
    } catch (SQLException e) {
      FailureKind kind = FailureKind.of(e);
      if (kind == FailureKind.TRANSIENT) {
        throw e;
      }
      connection.rollback(savepoint);
      connection.releaseSavepoint(savepoint);
      if (kind == FailureKind.FATAL) {
        throw new TableWriteException(table.name(), e);
      }
      if (rows.size() == 1) {
        rejected.add(rejection(table, rows.getFirst(), e));
        return 0;
      }
      int half = rows.size() / 2;
      return writeIsolating(connection, table, rows.subList(0, half), rejected)
          + writeIsolating(connection, table, rows.subList(half, rows.size()), rejected);
    }
  }

  /**
   * The first rejection of each record: the rows of one record (a rollup window's metrics) are
   * rejected one by one, but the record is dead-lettered once.
   */
  private static Collection<DeadLetterEntry> onePerRecord(List<DeadLetterEntry> rejected) {
    Map<List<Object>, DeadLetterEntry> first = new LinkedHashMap<>();
    for (DeadLetterEntry entry : rejected) {
      first.putIfAbsent(List.of(entry.origin().topicPartition(), entry.origin().offset()), entry);
    }
    return first.values();
  }

  private static DeadLetterEntry rejection(SinkTable<?> table, SinkRow row, SQLException e) {
    String sqlState = FailureKind.sqlStateOf(e);
    return new DeadLetterEntry(
        row.origin(),
        REJECTED,
        "table " + table.name() + ", SQL state " + sqlState + ": " + serverMessage(e),
        table.name(),
        sqlState);
  }

  /** PostgreSQL's own message (and detail), without the driver's decorations. */
  private static String serverMessage(SQLException e) {
    if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      String detail = server.getDetail();
      return detail == null ? server.getMessage() : server.getMessage() + " (" + detail + ")";
    }
    return e.getMessage();
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailed) {
      // the connection is most likely gone; the server rolls back on its own
      cause.addSuppressed(rollbackFailed);
    }
  }
}
