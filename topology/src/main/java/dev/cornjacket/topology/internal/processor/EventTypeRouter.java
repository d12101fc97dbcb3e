package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Step 3: sends each valid, new event to the children of its type (its topic's sink, and the
 * projections).
 *
 * <ul>
 *   <li>Input: key {@code device_id}, value a validated, de-duplicated {@link Event}.
 *   <li>Output: to the children named for the event's type (the sinks of the sensor, user action
 *       and system topics, and the projections that take that type), key {@code device_id}, value
 *       the event, timestamp the event's {@code ts} (so that downstream windows and retention
 *       follow the device's time), headers unchanged.
 *   <li>Stores: none.
 * </ul>
 */
public final class EventTypeRouter implements Processor<String, Event, String, Event> {

  private final Map<EventType, List<String>> childrenByType;
  private ProcessorContext<String, Event> context;

  /**
   * @param childrenByType the child nodes of every event type, at least one each
   */
  public EventTypeRouter(Map<EventType, List<String>> childrenByType) {
    Objects.requireNonNull(childrenByType, "childrenByType");
    this.childrenByType = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      List<String> children = childrenByType.get(type);
      if (children == null || children.isEmpty()) {
        throw new IllegalArgumentException("childrenByType has no child for " + type);
      }
      this.childrenByType.put(type, List.copyOf(children));
    }
  }

  @Override
  public void init(ProcessorContext<String, Event> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, Event> record) {
    Event event = record.value();
    Record<String, Event> routed =
        record.withKey(event.deviceId()).withTimestamp(event.ts().toEpochMilli());
    for (String child : childrenByType.get(event.type())) {
      context.forward(routed, child);
    }
  }
}
