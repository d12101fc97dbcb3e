package dev.cornjacket.topology.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DeviceRollupTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
  private static final DeviceRollup EMPTY = DeviceRollup.empty("d-1", T0, Duration.ofMinutes(1));

  @Test
  void shouldAddEachReadingToItsMetricOnly() {
    DeviceRollup window =
        EMPTY.add(Map.of("temp", 20.0, "hum", 40.0)).add(Map.of("temp", 26.0, "co2", 400.0));

    assertThat(window.metrics())
        .containsExactly(
            Map.entry("co2", new MetricRollup(1, 400, 400, 400)),
            Map.entry("hum", new MetricRollup(1, 40, 40, 40)),
            Map.entry("temp", new MetricRollup(2, 20, 26, 46)));
    assertThat(EMPTY.metrics()).as("immutable: add returns a new window").isEmpty();
  }

  @Test
  void shouldGiveEachMetricsWindowInNameOrder() {
    DeviceRollup window = EMPTY.add(Map.of("temp", 20.0, "hum", 40.0)).add(Map.of("temp", 22.0));

    assertThat(window.rollups())
        .containsExactly(
            new Rollup("d-1", "hum", T0, T0.plusSeconds(60), 1, 40, 40, 40),
            new Rollup("d-1", "temp", T0, T0.plusSeconds(60), 2, 20, 22, 42));
    assertThat(window.rollup("temp")).contains(window.rollups().get(1));
    assertThat(window.rollup("co2")).isEmpty();
    assertThat(window.rollups().get(1).avg()).isEqualTo(21.0);
  }

  @Test
  void shouldNotLetItsMetricsBeChangedFromOutside() {
    TreeMap<String, MetricRollup> metrics = new TreeMap<>(Map.of("temp", MetricRollup.EMPTY));
    DeviceRollup window = new DeviceRollup("d-1", T0, T0.plusSeconds(60), metrics);
    metrics.clear();

    assertThat(window.metrics()).containsOnlyKeys("temp");
    assertThatThrownBy(() -> window.metrics().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldStartAMetricFromItsFirstReading() {
    MetricRollup first = MetricRollup.EMPTY.add(-2.5);

    assertThat(first).isEqualTo(new MetricRollup(1, -2.5, -2.5, -2.5));
    assertThat(MetricRollup.EMPTY.avg()).isNaN();
  }
}
