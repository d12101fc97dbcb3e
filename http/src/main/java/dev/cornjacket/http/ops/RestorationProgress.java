package dev.cornjacket.http.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Remembers how far each local store partition got when it was last restored from its changelog:
 * register it with {@code KafkaStreams#setGlobalStateRestoreListener} before the streams start.
 * Called on the stream threads, read by the operator API; thread-safe.
 */
public final class RestorationProgress implements StateRestoreListener {

  /**
   * The restoration of one store partition.
   *
   * @param startOffset the changelog offset it started from
   * @param endOffset the changelog offset it restores up to
   * @param restored records restored so far
   * @param progress 0 to 1: how much of {@code endOffset - startOffset} is done
   * @param state {@code restoring}, {@code done} or {@code suspended} (the task moved away)
   */
  public record Restoration(
      String store,
      int partition,
      long startOffset,
      long endOffset,
      long restored,
      double progress,
      String state,
      Instant startedAt,
      Instant updatedAt) {}

  private record Key(String store, int partition) {}

  private final Map<Key, Restoration> restorations = new ConcurrentHashMap<>();
  private final Clock clock;

  public RestorationProgress() {
    this(Clock.systemUTC());
  }

  public RestorationProgress(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void onRestoreStart(
      TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
    Instant now = clock.instant();
    restorations.put(
        new Key(storeName, partition.partition()),
        new Restoration(
            storeName,
            partition.partition(),
            startingOffset,
            endingOffset,
            0,
            endingOffset <= startingOffset ? 1 : 0,
            "restoring",
            now,
            now));
  }

  @Override
  public void onBatchRestored(
      TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
    restorations.computeIfPresent(
        new Key(storeName, partition.partition()),
        (key, r) -> {
          long span = r.endOffset() - r.startOffset();
          double progress =
              span <= 0 ? 1 : Math.min(1, (double) (batchEndOffset - r.startOffset() + 1) / span);
          return new Restoration(
              r.store(),
              r.partition(),
              r.startOffset(),
              r.endOffset(),
              r.restored() + numRestored,
              progress,
              "restoring",
              r.startedAt(),
              clock.instant());
        });
  }

  @Override
  public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
    finish(partition, storeName, totalRestored, "done");
  }

  @Override
  public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
    finish(partition, storeName, totalRestored, "suspended");
  }

  private void finish(TopicPartition partition, String storeName, long total, String state) {
    restorations.computeIfPresent(
        new Key(storeName, partition.partition()),
        (key, r) ->
            new Restoration(
                r.store(),
                r.partition(),
                r.startOffset(),
                r.endOffset(),
                total,
                "done".equals(state) ? 1 : r.progress(),
                state,
                r.startedAt(),
                clock.instant()));
  }

  /** The last restoration of every store partition, by store and partition. */
  public List<Restoration> snapshot() {
    return restorations.values().stream()
        .sorted(Comparator.comparing(Restoration::store).thenComparingInt(Restoration::partition))
        .toList();
  }
}
