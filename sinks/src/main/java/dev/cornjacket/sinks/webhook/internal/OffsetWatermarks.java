package dev.cornjacket.sinks.webhook.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, the offset after the longest run of records, from
 * the last commit on, whose every delivery outcome was recorded. Records finish out of order (each
 * endpoint has its own worker); the commit only ever moves over a contiguous "done" prefix.
 */
public final class OffsetWatermarks {

  /** One partition's records in flight. */
  public static final class Partition {
    private final TreeMap<Long, Boolean> inFlight = new TreeMap<>();
    private long next = -1;

    private synchronized void begin(long offset) {
      inFlight.put(offset, false);
    }

    /** The delivery outcomes of the record at {@code offset} are all recorded. */
    public synchronized void done(long offset) {
      inFlight.computeIfPresent(offset, (k, v) -> true);
    }

    private synchronized long advance() {
      while (!inFlight.isEmpty() && inFlight.firstEntry().getValue()) {
        next = inFlight.pollFirstEntry().getKey() + 1;
      }
      return next;
    }

    synchronized int inFlight() {
      return inFlight.size();
    }
  }

  private final Map<TopicPartition, Partition> partitions = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  /** Starts tracking the record at {@code offset}; call {@link Partition#done} when finished. */
  public synchronized Partition begin(TopicPartition partition, long offset) {
    Partition p = partitions.computeIfAbsent(partition, k -> new Partition());
    p.begin(offset);
    return p;
  }

  /** The offsets that moved since the last call: what to commit now. */
  public synchronized Map<TopicPartition, OffsetAndMetadata> toCommit() {
    Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
    partitions.forEach(
        (tp, p) -> {
          long next = p.advance();
          if (next >= 0 && !Long.valueOf(next).equals(committed.get(tp))) {
            result.put(tp, new OffsetAndMetadata(next));
          }
        });
    return result;
  }

  /** Marks offsets as committed. */
  public synchronized void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
  }

  /** Forgets a partition that moved to another instance; late outcomes of it are ignored. */
  public synchronized void forget(TopicPartition partition) {
    partitions.remove(partition);
    committed.remove(partition);
  }

  /** Records in flight over all partitions. */
  public synchronized int inFlight() {
    return partitions.values().stream().mapToInt(Partition::inFlight).sum();
  }
}
