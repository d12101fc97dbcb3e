package dev.cornjacket.topology.projection;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cornjacket.topology.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written rollup JSON is the text Jackson's bean serializer wrote, byte for byte. */
class RollupJsonSerializerTest {

  /** Jackson's own serializer for the record, as the topic used it before. */
  @JsonSerialize(using = JsonSerializer.None.class)
  private interface BeanSerialized {}

  private static final ObjectMapper BEAN_MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .addMixIn(Rollup.class, BeanSerialized.class)
          .build();

  @Test
  void shouldWriteWhatTheBeanSerializerWrote() throws Exception {
    Random random = new Random(11);
    String[] names = {"d-1", "temp", "ünï \"quoted\" \\ back", "tab\there", "x".repeat(128), "€"};
    for (int i = 0; i < 5_000; i++) {
      Instant start =
          Instant.ofEpochSecond(random.nextLong(4_000_000_000L), random.nextInt(3) * 1_000_000);
      Rollup rollup =
          Rollup.empty(
              names[random.nextInt(names.length)],
              names[random.nextInt(names.length)],
              start,
              Duration.ofMinutes(1));
      int readings = 1 + random.nextInt(4);
      for (int r = 0; r < readings; r++) {
        rollup =
            rollup.add(
                switch (random.nextInt(5)) {
                  case 0 -> random.nextInt(100);
                  case 1 -> random.nextGaussian() * 1e-9;
                  case 2 -> random.nextGaussian() * 1e300;
                  case 3 -> -0.0;
                  default -> random.nextDouble() * 100 - 50;
                });
      }

      byte[] written = new Topics().rollups1m().valueSerde().serializer().serialize("t", rollup);

      assertThat(new String(written, UTF_8)).isEqualTo(BEAN_MAPPER.writeValueAsString(rollup));
    }
  }
}
