package dev.cornjacket.topology.internal.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * {@link PendingKeys} scans from where its last scan stopped, and still finds every key below the
 * scanned limit: those written since below that point, and those a previous instance left.
 */
class PendingKeysTest {

  private final KeyValueStore<Bytes, byte[]> store = store();

  @Test
  void shouldGiveTheKeysBelowTheLimitInOrderAndNoneAtOrAboveIt() {
    PendingKeys keys = new PendingKeys(store);
    keys.put(due(30, "c"));
    keys.put(due(10, "a"));
    keys.put(due(20, "b"));

    assertThat(keys.below(due(25, ""))).containsExactly(due(10, "a"), due(20, "b"));
  }

  @Test
  void shouldFindTheKeysOfTheNextScanOnceTheDueOnesAreDeleted() {
    PendingKeys keys = new PendingKeys(store);
    keys.put(due(10, "a"));
    keys.put(due(20, "b"));
    keys.below(due(15, "")).forEach(keys::delete);
    keys.put(due(30, "c"));

    assertThat(keys.below(due(40, ""))).containsExactly(due(20, "b"), due(30, "c"));
  }

  @Test
  void shouldFindAKeyWrittenBelowWhereTheLastScanStopped() {
    // a wall clock set back: a key due before the last scan's limit
    PendingKeys keys = new PendingKeys(store);
    keys.put(due(50, "a"));
    assertThat(keys.below(due(40, ""))).isEmpty();
    keys.put(due(20, "b"));

    List<Bytes> found = keys.below(due(41, ""));
    assertThat(found).containsExactly(due(20, "b"));
    found.forEach(keys::delete);
    assertThat(keys.below(due(60, ""))).containsExactly(due(50, "a"));
  }

  @Test
  void shouldGiveWhatAPreviousInstanceLeftAndScanOnFromIt() {
    PendingKeys before = new PendingKeys(store);
    before.put(due(10, "a"));
    before.put(due(30, "b"));

    PendingKeys after = new PendingKeys(store);
    List<Bytes> found = new ArrayList<>();
    after.forEach(found::add);

    assertThat(found).containsExactly(due(10, "a"), due(30, "b"));
    assertThat(after.below(due(20, ""))).containsExactly(due(10, "a"));
  }

  @Test
  void shouldGiveNothingWhenTheLimitIsNotAboveTheLastOne() {
    PendingKeys keys = new PendingKeys(store);
    keys.put(due(10, "a"));
    keys.below(due(20, "")).forEach(keys::delete);

    assertThat(keys.below(due(20, ""))).isEmpty();
    assertThat(keys.below(due(5, ""))).isEmpty();
  }

  private static Bytes due(long due, String device) {
    return DeviceProjection.pendingKey(due, device.isEmpty() ? null : device);
  }

  private static KeyValueStore<Bytes, byte[]> store() {
    KeyValueStore<Bytes, byte[]> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("pending"), Serdes.Bytes(), Serdes.ByteArray())
            .withLoggingDisabled()
            .build();
    store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    return store;
  }
}
