package dev.cornjacket.sinks.internal;

import dev.cornjacket.topology.DeadLetters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * One poll's records, decoded and grouped by table, with the offset each partition continues from
 * once they are written. Records that cannot be decoded travel along as dead letters, so that their
 * offsets are committed with the rest.
 */
public final class Batch {

  /** Sorted, so that concurrent writers lock the offset rows in the same order (no deadlock). */
  private static final Comparator<TopicPartition> PARTITION_ORDER =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private final Map<SinkTable<?>, List<SinkRow>> rowsByTable;
  private final List<DeadLetterEntry> undecodable;
  private final Map<TopicPartition, Long> nextOffsets;
  private final int records;

  private Batch(
      Map<SinkTable<?>, List<SinkRow>> rowsByTable,
      List<DeadLetterEntry> undecodable,
      Map<TopicPartition, Long> nextOffsets,
      int records) {
    this.rowsByTable = rowsByTable;
    this.undecodable = undecodable;
    this.nextOffsets = nextOffsets;
    this.records = records;
  }

  public static Batch of(
      ConsumerRecords<String, byte[]> polled, RecordDecoder decoder, List<SinkTable<?>> tables) {
    Map<Class<?>, SinkTable<?>> tableByRowType = new LinkedHashMap<>();
    Map<SinkTable<?>, List<SinkRow>> rowsByTable = new LinkedHashMap<>();
    for (SinkTable<?> table : tables) {
      tableByRowType.put(table.rowType(), table);
      rowsByTable.put(table, new ArrayList<>());
    }
    List<DeadLetterEntry> undecodable = new ArrayList<>();
    Map<TopicPartition, Long> nextOffsets = new TreeMap<>(PARTITION_ORDER);
    int count = 0;
    for (ConsumerRecord<String, byte[]> record : polled) {
      count++;
      nextOffsets.merge(
          new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
      try {
        for (SinkRow row : decoder.decode(record)) {
          rowsByTable.get(tableByRowType.get(row.getClass())).add(row);
        }
      } catch (RecordDecoder.UndecodableRecordException e) {
        undecodable.add(
            new DeadLetterEntry(
                new Origin(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    record.value(),
                    null),
                DeadLetters.DESERIALIZATION_ERROR,
                e.getMessage(),
                null,
                null));
      }
    }
    return new Batch(rowsByTable, undecodable, nextOffsets, count);
  }

  /** This batch without the records of {@code partitions} (revoked while it waited). */
  public Batch without(Collection<TopicPartition> partitions) {
    Set<TopicPartition> gone = new HashSet<>(partitions);
    Map<SinkTable<?>, List<SinkRow>> rows = new LinkedHashMap<>();
    rowsByTable.forEach(
        (table, list) ->
            rows.put(
                table,
                list.stream().filter(r -> !gone.contains(r.origin().topicPartition())).toList()));
    List<DeadLetterEntry> dead =
        undecodable.stream().filter(d -> !gone.contains(d.origin().topicPartition())).toList();
    Map<TopicPartition, Long> offsets = new TreeMap<>(PARTITION_ORDER);
    nextOffsets.forEach(
        (tp, next) -> {
          if (!gone.contains(tp)) {
            offsets.put(tp, next);
          }
        });
    // a record may have given several rows (a rollup window: one per metric), so count offsets
    Set<RecordPosition> recordsLeft = new HashSet<>();
    rows.values().forEach(list -> list.forEach(row -> recordsLeft.add(positionOf(row.origin()))));
    dead.forEach(entry -> recordsLeft.add(positionOf(entry.origin())));
    return new Batch(rows, dead, offsets, recordsLeft.size());
  }

  private record RecordPosition(TopicPartition partition, long offset) {}

  private static RecordPosition positionOf(Origin origin) {
    return new RecordPosition(origin.topicPartition(), origin.offset());
  }

  public Map<SinkTable<?>, List<SinkRow>> rowsByTable() {
    return rowsByTable;
  }

  public List<DeadLetterEntry> undecodable() {
    return undecodable;
  }

  /** Per partition, the offset after the last record of this batch; iterates in a fixed order. */
  public Map<TopicPartition, Long> nextOffsets() {
    return nextOffsets;
  }

  public boolean isEmpty() {
    return nextOffsets.isEmpty();
  }

  /** Records in this batch. */
  public int records() {
    return records;
  }
}
