package dev.cornjacket.sinks.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@code sink_offsets} rows of one consumer group: the next offset to read per partition,
 * written in the same transaction as the rows read before it.
 *
 * <p>Every write is a compare-and-set against the offset this instance last read or wrote. If the
 * stored offset moved (another instance took the partition over in a rebalance, or a commit whose
 * answer was lost did succeed), the write fails with {@link OffsetConflictException}, the whole
 * transaction rolls back, and the sink re-reads the stored offsets: no row is written twice.
 */
public final class OffsetStore {

  /** The stored offset of a partition was not the one expected. */
  public static final class OffsetConflictException extends Exception {
    public OffsetConflictException(String message) {
      super(message);
    }
  }

  /** The expected offset of a partition that has no row yet. */
  public static final long NONE = -1;

  private final String groupId;

  public OffsetStore(String groupId) {
    this.groupId = groupId;
  }

  /** The stored next offsets of {@code partitions}; partitions without a row are absent. */
  public Map<TopicPartition, Long> load(
      Connection connection, Collection<TopicPartition> partitions) throws SQLException {
    Map<TopicPartition, Long> stored = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT topic, partition, next_offset FROM sink_offsets WHERE group_id = ?")) {
      select.setString(1, groupId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          TopicPartition tp = new TopicPartition(rows.getString(1), rows.getInt(2));
          if (partitions.contains(tp)) {
            stored.put(tp, rows.getLong(3));
          }
        }
      }
    }
    return stored;
  }

  /**
   * Moves each partition from its expected offset ({@link #NONE} when it has no row) to its next
   * one, in the caller's transaction.
   */
  public void advance(
      Connection connection, Map<TopicPartition, Long> next, Map<TopicPartition, Long> expected)
      throws SQLException, OffsetConflictException {
    try (PreparedStatement update =
            connection.prepareStatement(
                "UPDATE sink_offsets SET next_offset = ?, updated_at = now()"
                    + " WHERE group_id = ? AND topic = ? AND partition = ? AND next_offset = ?");
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO sink_offsets (group_id, topic, partition, next_offset)"
                    + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      int updates = 0;
      for (Map.Entry<TopicPartition, Long> entry : next.entrySet()) {
        TopicPartition tp = entry.getKey();
        long was = expected.getOrDefault(tp, NONE);
        if (was == NONE) {
          // first write of this partition: one statement, so that its count can be checked
          insert.setString(1, groupId);
          insert.setString(2, tp.topic());
          insert.setInt(3, tp.partition());
          insert.setLong(4, entry.getValue());
          if (insert.executeUpdate() != 1) {
            throw conflict(tp, was);
          }
        } else {
          update.setLong(1, entry.getValue());
          update.setString(2, groupId);
          update.setString(3, tp.topic());
          update.setInt(4, tp.partition());
          update.setLong(5, was);
          update.addBatch();
          updates++;
        }
      }
      if (updates > 0) {
        int[] counts = update.executeBatch();
        int i = 0;
        for (Map.Entry<TopicPartition, Long> entry : next.entrySet()) {
          long was = expected.getOrDefault(entry.getKey(), NONE);
          if (was != NONE && counts[i++] != 1) {
            throw conflict(entry.getKey(), was);
          }
        }
      }
    }
  }

  private OffsetConflictException conflict(TopicPartition tp, long expected) {
    return new OffsetConflictException(
        "the stored offset of "
            + tp
            + " for group "
            + groupId
            + " is no longer "
            + (expected == NONE ? "absent" : expected)
            + " (another instance wrote it)");
  }
}
