package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Step 3: sends each valid, new event to the sink of its type.
 *
 * <ul>
 *   <li>Input: key {@code device_id}, value a validated, de-duplicated {@link Event}.
 *   <li>Output: to the child named for the event's type (the sinks of the sensor, user action and
 *       system topics), key {@code device_id}, value the event, timestamp the event's {@code ts}
 *       (so that downstream windows and retention follow the device's time), headers unchanged.
 *   <li>Stores: none.
 * </ul>
 */
public final class EventTypeRouter implements Processor<String, Event, String, Event> {

  private final Map<EventType, String> childByType;
  private ProcessorContext<String, Event> context;

  /**
   * @param childByType the child node of every event type
   */
  public EventTypeRouter(Map<EventType, String> childByType) {
    Objects.requireNonNull(childByType, "childByType");
    this.childByType = new EnumMap<>(childByType);
    for (EventType type : EventType.values()) {
      if (!this.childByType.containsKey(type)) {
        throw new IllegalArgumentException("childByType has no child for " + type);
      }
    }
  }

  @Override
  public void init(ProcessorContext<String, Event> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, Event> record) {
    Event event = record.value();
    context.forward(
        record.withKey(event.deviceId()).withTimestamp(event.ts().toEpochMilli()),
        childByType.get(event.type()));
  }
}
