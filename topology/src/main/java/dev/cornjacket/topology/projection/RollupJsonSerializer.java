package dev.cornjacket.topology.projection;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.cornjacket.topology.internal.Rfc3339;
import java.io.IOException;

/**
 * Writes a {@link Rollup} field by field: the streams write four per sensor event, and Jackson's
 * bean serializer was most of the rollup projection's JSON time. The text is the one the bean
 * serializer wrote ({@code snake_case}, declaration order, then {@code avg}); {@code
 * RollupJsonSerializerTest} holds it to that.
 */
final class RollupJsonSerializer extends StdSerializer<Rollup> {

  RollupJsonSerializer() {
    super(Rollup.class);
  }

  @Override
  public void serialize(Rollup rollup, JsonGenerator generator, SerializerProvider provider)
      throws IOException {
    generator.writeStartObject(rollup);
    generator.writeStringField("device_id", rollup.deviceId());
    generator.writeStringField("metric", rollup.metric());
    generator.writeStringField("window_start", Rfc3339.format(rollup.windowStart()));
    generator.writeStringField("window_end", Rfc3339.format(rollup.windowEnd()));
    generator.writeNumberField("count", rollup.count());
    generator.writeNumberField("min", rollup.min());
    generator.writeNumberField("max", rollup.max());
    generator.writeNumberField("sum", rollup.sum());
    generator.writeNumberField("avg", rollup.avg());
    generator.writeEndObject();
  }
}
