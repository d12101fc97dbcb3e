package dev.cornjacket.topology.internal.processor;

import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global store of published model parameters up to date.
 *
 * <ul>
 *   <li>Input: the compacted models topic, key model name, value the parameters' JSON (bytes, read
 *       by the {@link AnomalyScorer}, so that an unreadable value is logged there rather than
 *       stopping the global thread); a tombstone removes the model.
 *   <li>Output: none.
 *   <li>Store (global): {@code storeName}, key model name, value the JSON.
 * </ul>
 */
public final class ModelParametersLoader implements Processor<String, byte[], Void, Void> {

  private final String storeName;
  private KeyValueStore<String, byte[]> store;

  public ModelParametersLoader(String storeName) {
    this.storeName = Objects.requireNonNull(storeName, "storeName");
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.store = context.getStateStore(storeName);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      return; // not a model: every value of the topic is keyed by its model's name
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
