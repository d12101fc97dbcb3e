package dev.cornjacket.topology.projection;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.cornjacket.topology.internal.Rfc3339;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a {@link DeviceLatest} field by field: the streams write one per event. The text is the
 * one Jackson's bean serializer wrote ({@code snake_case}, declaration order, absent fields left
 * out, the last anomaly through Jackson itself); {@code DeviceLatestJsonSerializerTest} holds it to
 * that.
 */
final class DeviceLatestJsonSerializer extends StdSerializer<DeviceLatest> {

  DeviceLatestJsonSerializer() {
    super(DeviceLatest.class);
  }

  @Override
  public void serialize(DeviceLatest latest, JsonGenerator generator, SerializerProvider provider)
      throws IOException {
    generator.writeStartObject(latest);
    generator.writeStringField("device_id", latest.deviceId());
    writeInstant(generator, "last_ts", latest.lastTs());
    if (latest.lastEventId() != null) {
      generator.writeStringField("last_event_id", latest.lastEventId());
    }
    writeInstant(generator, "updated_at", latest.updatedAt());
    generator.writeObjectFieldStart("metrics");
    for (Map.Entry<String, DeviceLatest.MetricReading> metric : latest.metrics().entrySet()) {
      DeviceLatest.MetricReading reading = metric.getValue();
      if (reading == null) {
        continue;
      }
      generator.writeObjectFieldStart(metric.getKey());
      generator.writeNumberField("value", reading.value());
      writeInstant(generator, "ts", reading.ts());
      if (reading.score() != null) {
        generator.writeNumberField("score", reading.score().doubleValue());
      }
      generator.writeEndObject();
    }
    generator.writeEndObject();
    generator.writeObjectFieldStart("attrs");
    for (Map.Entry<String, String> attr : latest.attrs().entrySet()) {
      if (attr.getValue() != null) {
        generator.writeStringField(attr.getKey(), attr.getValue());
      }
    }
    generator.writeEndObject();
    generator.writeObjectFieldStart("counts");
    for (Map.Entry<String, Long> count : latest.counts().entrySet()) {
      if (count.getValue() != null) {
        generator.writeNumberField(count.getKey(), count.getValue().longValue());
      }
    }
    generator.writeEndObject();
    if (latest.lastAnomaly() != null) {
      provider.defaultSerializeField("last_anomaly", latest.lastAnomaly(), generator);
    }
    generator.writeEndObject();
  }

  private static void writeInstant(JsonGenerator generator, String name, Instant value)
      throws IOException {
    if (value != null) {
      generator.writeStringField(name, Rfc3339.format(value));
    }
  }
}
