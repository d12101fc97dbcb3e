package dev.cornjacket.sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.topology.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

class SinkOptionsTest {

  private final SinkOptions defaults = SinkOptions.of("localhost:9092", new Topics(), "g", 5000);

  @Test
  void shouldDoubleTheBackoffUpToItsCap() {
    assertThat(defaults.backoff(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(defaults.backoff(2)).isEqualTo(Duration.ofSeconds(1));
    assertThat(defaults.backoff(5)).isEqualTo(Duration.ofSeconds(8));
    assertThat(defaults.backoff(6)).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.backoff(10)).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.maxAttempts()).isEqualTo(10);
  }

  @Test
  void shouldConfigureAConsumerThatOwnsItsOffsets() {
    Map<String, Object> config =
        PostgresSink.consumerConfig(
            defaults.withStaticMembership("sink-1", Duration.ofSeconds(10)));

    assertThat(config)
        .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
        .containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")
        .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000)
        .containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "g")
        .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "sink-1")
        .containsEntry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
    assertThat(PostgresSink.consumerConfig(defaults))
        .doesNotContainKeys(
            ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
  }

  @Test
  void shouldRejectImpossibleOptionsNamingThem() {
    assertThatThrownBy(() -> SinkOptions.of("b", new Topics(), " ", 1))
        .hasMessage("groupId must not be blank");
    assertThatThrownBy(() -> SinkOptions.of("b", new Topics(), "g", 0))
        .hasMessage("batchSize must be at least 1, got 0");
    assertThatThrownBy(() -> defaults.withRetry(0, Duration.ZERO, Duration.ZERO))
        .hasMessage("maxAttempts must be at least 1, got 0");
    assertThatThrownBy(() -> defaults.withRetry(3, Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessage("backoff must satisfy 0 <= initialBackoff <= maxBackoff, got PT2S and PT1S");
  }

  @Test
  void shouldCallADayExpiredOnlyWhenItsEndIsAtOrBeforeTheHorizon() {
    LocalDate day = LocalDate.of(2026, 11, 8);
    assertThat(PartitionMaintenance.isExpired(day, Instant.parse("2026-11-09T00:00:00Z"))).isTrue();
    assertThat(PartitionMaintenance.isExpired(day, Instant.parse("2026-11-08T23:59:59.999Z")))
        .isFalse();
  }
}
