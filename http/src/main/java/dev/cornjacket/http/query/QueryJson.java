package dev.cornjacket.http.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON of query answers: the same conventions as the projection topics ({@code snake_case}, RFC
 * 3339 instants, absent fields left out), so a device reads the same from the API, the topic and
 * the sinks.
 */
public final class QueryJson {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private QueryJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write a query answer as JSON", e);
    }
  }

  /** The list in field {@code field} of a JSON answer, as {@code type} items. */
  static <T> List<T> readList(byte[] body, String field, Class<T> type) throws IOException {
    JsonNode node = MAPPER.readTree(body).get(field);
    if (node == null || !node.isArray()) {
      throw new IOException("answer has no array field '" + field + "'");
    }
    return MAPPER.convertValue(
        node, MAPPER.getTypeFactory().constructCollectionType(List.class, type));
  }
}
