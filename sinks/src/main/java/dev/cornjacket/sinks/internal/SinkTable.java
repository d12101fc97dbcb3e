package dev.cornjacket.sinks.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * One target table of the sink and how rows reach it: {@code COPY} into a session-private staging
 * table (same columns, no indexes, emptied at every commit), then one {@code INSERT ... SELECT ...
 * ON CONFLICT} into the real table. The staging step keeps the fast bulk path of {@code COPY} while
 * the final statement stays idempotent on the table's natural key. Append-only tables may also be
 * copied into directly ({@link #copyDirectly}).
 *
 * @param <R> the row type
 */
public abstract class SinkTable<R extends SinkRow> {

  private static final int COPY_CHUNK_BYTES = 64 * 1024;

  private final String name;
  private final Class<R> rowType;
  private final String columns;
  private final String stagingTable;

  protected SinkTable(String name, Class<R> rowType, String columns) {
    this.name = name;
    this.rowType = rowType;
    this.columns = columns;
    this.stagingTable = "cj_stage_" + name;
  }

  /** The table's name, as in the migration and in dead-letter reasons. */
  public final String name() {
    return name;
  }

  public final Class<R> rowType() {
    return rowType;
  }

  protected final String columns() {
    return columns;
  }

  protected final String stagingTable() {
    return stagingTable;
  }

  /** Writes one row in {@code COPY} text format. */
  protected abstract void encode(R row, CopyText out);

  /** The statement that moves the staged rows into the table. */
  protected abstract String mergeSql();

  /**
   * Whether rows are only ever inserted (never updated): then a batch can be copied straight into
   * the table, since the stored offsets already keep replays out and the primary key rejects a
   * duplicate with the whole statement; such a rejection sends the batch through the staging table
   * and its {@code ON CONFLICT}.
   */
  public boolean appendOnly() {
    return false;
  }

  /**
   * The rows that need writing, in order. Upsert tables keep the last row per key: one {@code
   * INSERT ... ON CONFLICT DO UPDATE} may not touch the same row twice.
   */
  public List<R> reduce(List<R> rows) {
    return rows;
  }

  /** Creates the staging table of this session if it does not exist yet. */
  public final void createStaging(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE IF NOT EXISTS "
              + stagingTable
              + " (LIKE "
              + name
              + " INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
    }
  }

  /**
   * Copies {@code rows} straight into the table, in the caller's transaction; only for {@link
   * #appendOnly()} tables.
   *
   * @return how many rows were inserted
   */
  public final int copyDirectly(
      Connection connection, List<? extends SinkRow> rows, CopyText buffer) throws SQLException {
    return (int) copy(connection, name, rows, buffer);
  }

  /**
   * Copies {@code rows} into the staging table and merges them into the table, in the caller's
   * transaction.
   *
   * @param emptyStagingFirst whether rows of an earlier write in the same transaction may still be
   *     staged (when a failed batch is split)
   * @return how many rows of the table were inserted or changed
   */
  public final int write(
      Connection connection,
      List<? extends SinkRow> rows,
      CopyText buffer,
      boolean emptyStagingFirst)
      throws SQLException {
    if (emptyStagingFirst) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("TRUNCATE " + stagingTable);
      }
    }
    copy(connection, stagingTable, rows, buffer);
    try (PreparedStatement merge = connection.prepareStatement(mergeSql())) {
      return merge.executeUpdate();
    }
  }

  private long copy(
      Connection connection, String target, List<? extends SinkRow> rows, CopyText buffer)
      throws SQLException {
    CopyIn copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + target + " (" + columns + ") FROM STDIN (FORMAT text)");
    try {
      // sent in chunks while encoding, so that PostgreSQL parses rows while the rest are encoded
      buffer.clear();
      for (SinkRow row : rows) {
        encode(rowType.cast(row), buffer);
        buffer.endRow();
        if (buffer.length() >= COPY_CHUNK_BYTES) {
          copy.writeToCopy(buffer.bytes(), 0, buffer.length());
          buffer.clear();
        }
      }
      copy.writeToCopy(buffer.bytes(), 0, buffer.length());
      return copy.endCopy();
    } catch (SQLException e) {
      if (copy.isActive()) {
        try {
          copy.cancelCopy();
        } catch (SQLException cancelFailed) {
          e.addSuppressed(cancelFailed);
        }
      }
      throw e;
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
