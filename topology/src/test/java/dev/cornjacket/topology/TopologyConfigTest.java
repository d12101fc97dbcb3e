package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TopologyConfigTest {

  private final Topics topics = new Topics();

  @Test
  void shouldRequireEveryPart() {
    Duration window = Duration.ofMinutes(1);
    TopologyMetrics noop = TopologyMetrics.noop();
    assertThatNullPointerException()
        .isThrownBy(() -> new TopologyConfig(null, ValidationLimits.DEFAULTS, window, noop))
        .withMessage("topics");
    assertThatNullPointerException()
        .isThrownBy(() -> new TopologyConfig(topics, null, window, noop))
        .withMessage("limits");
    assertThatNullPointerException()
        .isThrownBy(() -> new TopologyConfig(topics, ValidationLimits.DEFAULTS, null, noop))
        .withMessage("dedupWindow");
    assertThatNullPointerException()
        .isThrownBy(() -> new TopologyConfig(topics, ValidationLimits.DEFAULTS, window, null))
        .withMessage("metrics");
  }

  @Test
  void shouldRejectWindowShorterThanOneMillisecond() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> TopologyConfig.defaults(topics).withDedupWindow(Duration.ofNanos(999_999)))
        .withMessage("dedupWindow must be at least 1 ms, got PT0.000999999S");
  }

  @Test
  void shouldReplaceOnePartWithWithers() {
    CountingTopologyMetrics metrics = new CountingTopologyMetrics();
    TopologyConfig config =
        TopologyConfig.defaults(topics).withDedupWindow(Duration.ofSeconds(5)).withMetrics(metrics);

    assertThat(config)
        .isEqualTo(
            new TopologyConfig(topics, ValidationLimits.DEFAULTS, Duration.ofSeconds(5), metrics));
  }
}
