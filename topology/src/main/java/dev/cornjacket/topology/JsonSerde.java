package dev.cornjacket.topology;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import dev.cornjacket.topology.internal.Rfc3339;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde of the platform's own records (anomalies, projections): compact JSON in UTF-8 with
 * {@code snake_case} names, instants as RFC 3339 strings, absent ({@code null}) fields left out.
 * Unknown fields are ignored on reading so that an older reader accepts a newer writer. Malformed
 * bytes throw a {@link SerializationException} naming the topic and the type.
 *
 * @param <T> a record type
 */
public final class JsonSerde<T> implements Serde<T> {

  /**
   * Instants through {@link Rfc3339} rather than a {@code DateTimeFormatter}: the projections'
   * stores read and write several per event, and the formatter was a tenth of the stream thread's
   * time. Same text as the Java time module writes; anything the fast parser does not take (epoch
   * numbers, years beyond 9999) goes to that module's reader.
   */
  private static final SimpleModule FAST_INSTANTS =
      new SimpleModule("fast-instants")
          .addSerializer(
              Instant.class,
              new StdSerializer<>(Instant.class) {
                @Override
                public void serialize(
                    Instant value, JsonGenerator generator, SerializerProvider provider)
                    throws IOException {
                  generator.writeString(Rfc3339.format(value));
                }
              })
          .addDeserializer(
              Instant.class,
              new StdDeserializer<>(Instant.class) {
                @Override
                public Instant deserialize(JsonParser parser, DeserializationContext context)
                    throws IOException {
                  if (parser.hasToken(JsonToken.VALUE_STRING)) {
                    String text = parser.getText();
                    if (Rfc3339.hasShape(text)) {
                      try {
                        return Rfc3339.parse(text);
                      } catch (DateTimeParseException e) {
                        // out of range: the module's reader gives its own error
                      }
                    }
                  }
                  return InstantDeserializer.INSTANT.deserialize(parser, context);
                }
              });

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(FAST_INSTANTS)
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private final Class<T> type;

  private JsonSerde(Class<T> type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  /** The serde of {@code type}. */
  public static <T> JsonSerde<T> of(Class<T> type) {
    return new JsonSerde<>(type);
  }

  /** The JSON of {@code value}, as written to topics. */
  public byte[] write(T value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new SerializationException("Cannot write " + type.getSimpleName() + " as JSON", e);
    }
  }

  /** The value of {@code bytes} read from {@code topic}. */
  public T read(String topic, byte[] bytes) {
    try {
      return MAPPER.readValue(bytes, type);
    } catch (IOException e) {
      throw new SerializationException(
          "Malformed "
              + type.getSimpleName()
              + " in topic "
              + topic
              + " ("
              + bytes.length
              + " bytes): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : write(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : read(topic, bytes);
  }

  @Override
  public String toString() {
    return "JsonSerde[" + type.getSimpleName() + "]";
  }
}
