package dev.cornjacket.topology.internal.store;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Persistent window stores whose changelog offsets Kafka Streams keeps in a checkpoint file next to
 * the store, instead of inside the store's RocksDB segments.
 *
 * <p>Why: since Kafka Streams 4.3 a segmented RocksDB store records its committed changelog offset
 * in its segments (KIP-1035). A store that was never written has no segment, so it never has a
 * committed offset, and under exactly-once a task whose other stores hold data then looks corrupted
 * every time it is initialized: Kafka Streams wipes all of its stores and restores them from the
 * changelogs, on every restart, every rebalance and every standby-to-active move. A projection such
 * as {@code anomalies-recent} is empty on every partition that has had no anomaly yet, so without
 * this wrapper a clean restart restored everything from scratch, and after a crash a task bounced
 * between instances, wiped each time, for minutes. Answering "no, I do not manage my offsets" makes
 * Kafka Streams wrap the store in its file-based checkpointing, which records "no offset yet" for
 * an empty changelog like any other offset.
 */
public final class CheckpointedWindowStores {

  private CheckpointedWindowStores() {}

  /** {@code supplier}'s stores, with their offsets in the task's checkpoint files. */
  public static WindowBytesStoreSupplier of(WindowBytesStoreSupplier supplier) {
    Objects.requireNonNull(supplier, "supplier");
    return new Supplier(supplier);
  }

  private record Supplier(WindowBytesStoreSupplier inner) implements WindowBytesStoreSupplier {

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public WindowStore<Bytes, byte[]> get() {
      return new Store(inner.get());
    }

    @Override
    public String metricsScope() {
      return inner.metricsScope();
    }

    @Override
    public long segmentIntervalMs() {
      return inner.segmentIntervalMs();
    }

    @Override
    public long windowSize() {
      return inner.windowSize();
    }

    @Override
    public boolean retainDuplicates() {
      return inner.retainDuplicates();
    }

    @Override
    public long retentionPeriod() {
      return inner.retentionPeriod();
    }
  }

  /** Delegates everything but the offsets to the store it wraps. */
  private static final class Store implements WindowStore<Bytes, byte[]> {

    private final WindowStore<Bytes, byte[]> inner;

    Store(WindowStore<Bytes, byte[]> inner) {
      this.inner = inner;
    }

    @Override
    @SuppressWarnings("deprecation")
    public boolean managesOffsets() {
      return false;
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
      return null;
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
      // The segments may keep the offsets too; Kafka Streams reads them from the checkpoint file.
      inner.commit(changelogOffsets);
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
      inner.init(context, root);
    }

    @Override
    public void close() {
      inner.close();
    }

    @Override
    public boolean persistent() {
      return inner.persistent();
    }

    @Override
    public boolean isOpen() {
      return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound bound, QueryConfig config) {
      return inner.query(query, bound, config);
    }

    @Override
    public Position getPosition() {
      return inner.getPosition();
    }

    @Override
    public void put(Bytes key, byte[] value, long windowStartTimestamp) {
      inner.put(key, value, windowStartTimestamp);
    }

    @Override
    public byte[] fetch(Bytes key, long time) {
      return inner.fetch(key, time);
    }

    @Override
    public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
      return inner.fetch(key, timeFrom, timeTo);
    }

    @Override
    public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
      return inner.backwardFetch(key, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(
        Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
      return inner.fetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(
        Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
      return inner.backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
      return inner.fetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
      return inner.backwardFetchAll(timeFrom, timeTo);
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
      return inner.all();
    }

    @Override
    public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
      return inner.backwardAll();
    }
  }
}
