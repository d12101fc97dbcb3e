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
import dev.cornjacket.topology.anomaly.Anomaly;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written device-latest JSON is the text Jackson's bean serializer wrote. */
class DeviceLatestJsonSerializerTest {

  /** Jackson's own serializer for the record, as the topic used it before. */
  @JsonSerialize(using = JsonSerializer.None.class)
  private interface BeanSerialized {}

  private static final ObjectMapper BEAN_MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .addMixIn(DeviceLatest.class, BeanSerialized.class)
          .build();

  private static final String[] NAMES = {"d-1", "temp", "ünï \"q\" \\", "tab\t", "€", "x"};

  @Test
  void shouldWriteWhatTheBeanSerializerWrote() throws Exception {
    Random random = new Random(13);
    for (int i = 0; i < 5_000; i++) {
      DeviceLatest latest = randomLatest(random);

      byte[] written = new Topics().deviceLatest().valueSerde().serializer().serialize("t", latest);

      assertThat(new String(written, UTF_8)).isEqualTo(BEAN_MAPPER.writeValueAsString(latest));
    }
  }

  private static DeviceLatest randomLatest(Random random) {
    Map<String, DeviceLatest.MetricReading> metrics = new LinkedHashMap<>();
    for (int m = random.nextInt(4); m > 0; m--) {
      metrics.put(
          name(random),
          new DeviceLatest.MetricReading(
              random.nextBoolean() ? random.nextInt(100) : random.nextGaussian() * 1e6,
              instant(random),
              random.nextBoolean() ? null : random.nextDouble()));
    }
    Map<String, String> attrs = new LinkedHashMap<>();
    for (int a = random.nextInt(3); a > 0; a--) {
      attrs.put(name(random), name(random));
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int c = random.nextInt(3); c > 0; c--) {
      counts.put(name(random), random.nextLong(1_000_000));
    }
    Anomaly anomaly =
        random.nextBoolean()
            ? null
            : new Anomaly(
                Anomaly.idOf("e-" + random.nextInt(99), "temp"),
                random.nextBoolean() ? null : "e-1",
                "d-1",
                "temp",
                random.nextGaussian(),
                random.nextDouble(),
                instant(random),
                "1.2.0",
                List.of("value far above recent range", name(random)));
    return new DeviceLatest(
        name(random),
        random.nextBoolean() ? null : instant(random),
        random.nextBoolean() ? null : name(random),
        random.nextBoolean() ? null : instant(random),
        metrics,
        attrs,
        counts,
        anomaly);
  }

  private static String name(Random random) {
    return NAMES[random.nextInt(NAMES.length)] + random.nextInt(5);
  }

  private static Instant instant(Random random) {
    return Instant.ofEpochSecond(random.nextLong(4_000_000_000L), random.nextInt(1000) * 1_000_000);
  }
}
