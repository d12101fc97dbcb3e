package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CountingTopologyMetricsTest {

  @Test
  void shouldCountEachOutcome() {
    CountingTopologyMetrics metrics = new CountingTopologyMetrics();
    metrics.validated(EventType.SENSOR);
    metrics.validated(EventType.SENSOR);
    metrics.validated(EventType.SYSTEM);
    metrics.duplicate();
    metrics.deadLettered("validate", "missing_field");
    metrics.deadLettered("validate", "missing_field");
    metrics.deadLettered("route", "processing_error");

    assertThat(metrics.validated()).isEqualTo(3);
    assertThat(metrics.validatedByType())
        .isEqualTo(Map.of(EventType.SENSOR, 2L, EventType.USER_ACTION, 0L, EventType.SYSTEM, 1L));
    assertThat(metrics.duplicates()).isEqualTo(1);
    assertThat(metrics.routed()).isEqualTo(2);
    assertThat(metrics.deadLetters()).isEqualTo(3);
    assertThat(metrics.deadLettersByReason())
        .containsExactly(Map.entry("missing_field", 2L), Map.entry("processing_error", 1L));
    assertThat(metrics.deadLettersByStage()).isEqualTo(Map.of("validate", 2L, "route", 1L));
  }

  @Test
  void shouldCountFromManyThreads() throws InterruptedException {
    CountingTopologyMetrics metrics = new CountingTopologyMetrics();
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      threads[t] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    for (int i = 0; i < 10_000; i++) {
                      metrics.deadLettered("validate", "r" + (i % 3));
                    }
                  });
    }
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(metrics.deadLetters()).isEqualTo(40_000);
  }

  @Test
  void shouldDoNothingWhenNoop() {
    TopologyMetrics.noop().validated(EventType.SENSOR);
    TopologyMetrics.noop().deadLettered("s", "r");

    assertThat(TopologyMetrics.noop()).isSameAs(TopologyMetrics.noop());
  }
}
