package dev.cornjacket.topology.internal.processor;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The store of records a projection holds back ({@link RollupProjection}, {@link
 * DeviceProjection}): keys that begin with the time they are due, so that the byte order is the
 * order in which they are due, and no values.
 */
final class PendingKeys {

  private PendingKeys() {}

  /**
   * The keys below {@code upTo}, read out before the caller deletes them: a store must not be
   * written while one of its iterators is open.
   */
  static List<Bytes> below(KeyValueStore<Bytes, byte[]> store, Bytes upTo) {
    List<Bytes> due = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> entries = store.range(null, upTo)) {
      entries.forEachRemaining(entry -> due.add(entry.key));
    }
    return due;
  }
}
