package dev.cornjacket.sinks.internal;

import dev.cornjacket.sinks.internal.Rows.AnomalyRow;
import dev.cornjacket.sinks.internal.Rows.DeviceLatestRow;
import dev.cornjacket.sinks.internal.Rows.EventRow;
import dev.cornjacket.sinks.internal.Rows.RollupRow;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.projection.DeviceLatest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Turns a consumed record into the rows of its table: events straight into their {@code COPY} row
 * ({@link EventTranscoder}), the other records with their topic's own serde. Every record gives one
 * row, except a device's rollup window, which gives one row per metric ({@link RollupRecords}). A
 * record that cannot be read is an {@link UndecodableRecordException}, never a stopped sink. Not
 * thread-safe.
 */
public final class RecordDecoder {

  /** A record whose value is not what its topic carries. */
  public static final class UndecodableRecordException extends Exception {
    public UndecodableRecordException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private interface RowFactory {
    List<SinkRow> create(Origin origin, byte[] value, String topic)
        throws UndecodableRecordException;
  }

  private final Map<String, RowFactory> byTopic = new HashMap<>();
  private final EventTranscoder transcoder = new EventTranscoder();

  public RecordDecoder(Topics topics) {
    for (Topic<String, Event> topic :
        List.of(topics.sensor(), topics.userAction(), topics.system())) {
      byTopic.put(
          topic.name(),
          (origin, value, name) -> {
            EventTranscoder.Transcoded event = transcoder.transcode(value);
            return List.of(
                new EventRow(
                    origin.withSource(event.source()), event.eventId(), event.copyFields()));
          });
    }
    Deserializer<Anomaly> anomalies = topics.anomalies().valueSerde().deserializer();
    byTopic.put(
        topics.anomalies().name(),
        (origin, value, name) ->
            List.of(new AnomalyRow(origin, anomalies.deserialize(name, value))));
    Deserializer<DeviceLatest> latest = topics.deviceLatest().valueSerde().deserializer();
    byTopic.put(
        topics.deviceLatest().name(),
        (origin, value, name) ->
            List.of(new DeviceLatestRow(origin, latest.deserialize(name, value))));
    RollupRecords rollups = new RollupRecords(topics.rollups1m().valueSerde().deserializer());
    byTopic.put(
        topics.rollups1m().name(),
        (origin, value, name) -> {
          List<SinkRow> rows = new ArrayList<>();
          rollups.read(name, value).forEach(rollup -> rows.add(new RollupRow(origin, rollup)));
          return rows;
        });
  }

  /** The topics this decoder reads, i.e. the sink's subscription. */
  public List<String> topics() {
    return byTopic.keySet().stream().sorted().toList();
  }

  /** The rows of {@code record}, at least one. */
  public List<SinkRow> decode(ConsumerRecord<String, byte[]> record)
      throws UndecodableRecordException {
    Origin origin =
        new Origin(
            record.topic(),
            record.partition(),
            record.offset(),
            record.key(),
            record.value(),
            null);
    RowFactory factory = byTopic.get(record.topic());
    if (factory == null) {
      throw new UndecodableRecordException("the sink does not read topic " + record.topic(), null);
    }
    if (record.value() == null) {
      throw new UndecodableRecordException("the record has no value", null);
    }
    try {
      return factory.create(origin, record.value(), record.topic());
    } catch (RuntimeException e) {
      // serdes throw SerializationException; records' own checks throw NullPointerException and
      // IllegalArgumentException for missing or impossible fields
      throw new UndecodableRecordException(e.getMessage(), e);
    }
  }
}
