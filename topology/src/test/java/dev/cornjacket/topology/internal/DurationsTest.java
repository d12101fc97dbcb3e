package dev.cornjacket.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "PT0S, 0ms",
    "PT0.0000001S, <1ms",
    "PT0.001S, 1ms",
    "PT1S, 1s",
    "PT1H0.5S, 1h 500ms",
    "PT24H, 1d",
    "PT50H3M4.005S, 2d 2h 3m 4s 5ms",
    "PT-90M, 1h 30m"
  })
  void shouldDescribeDurationsForPeople(Duration duration, String described) {
    assertThat(Durations.describe(duration)).isEqualTo(described);
  }
}
