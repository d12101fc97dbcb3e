package dev.cornjacket.sinks.internal;

import dev.cornjacket.topology.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The sink's meters: {@code cornjacket.sink.rows{table}} (rows inserted or changed), {@code
 * cornjacket.sink.rows.unchanged{table}} (rows already stored, or older than the stored one),
 * {@code cornjacket.sink.batches}, {@code cornjacket.sink.batch.duration}, {@code
 * cornjacket.sink.retries}, {@code cornjacket.sink.offset_conflicts}, {@code
 * cornjacket.sink.consumer_replacements}, and the platform-wide {@code
 * cornjacket.events.dead_lettered{stage=sink,reason}}.
 */
public final class SinkMetrics {

  private final MeterRegistry registry;
  private final Counter batches;
  private final Counter retries;
  private final Counter offsetConflicts;
  private final Counter consumerReplacements;
  private final Timer batchDuration;

  public SinkMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batches =
        Counter.builder("cornjacket.sink.batches")
            .description("Batches committed to PostgreSQL")
            .register(registry);
    this.retries =
        Counter.builder("cornjacket.sink.retries")
            .description("Batch writes retried after a transient failure")
            .register(registry);
    this.offsetConflicts =
        Counter.builder("cornjacket.sink.offset_conflicts")
            .description("Batches dropped because another writer moved the stored offsets")
            .register(registry);
    this.consumerReplacements =
        Counter.builder("cornjacket.sink.consumer_replacements")
            .description("Kafka consumers of the sink closed after a failure and replaced")
            .register(registry);
    this.batchDuration =
        Timer.builder("cornjacket.sink.batch.duration")
            .description("Time to write and commit one batch")
            .register(registry);
  }

  public void written(String table, int changed, int unchanged) {
    Counter.builder("cornjacket.sink.rows")
        .description("Rows inserted or changed by the sink")
        .tag("table", table)
        .register(registry)
        .increment(changed);
    if (unchanged > 0) {
      Counter.builder("cornjacket.sink.rows.unchanged")
          .description("Rows already stored, or older than the stored one")
          .tag("table", table)
          .register(registry)
          .increment(unchanged);
    }
  }

  public void deadLettered(String reason) {
    Counter.builder("cornjacket.events.dead_lettered")
        .tag("stage", DeadLetters.STAGE_SINK)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void batchCommitted(Duration took) {
    batches.increment();
    batchDuration.record(took);
  }

  public void retried() {
    retries.increment();
  }

  public void offsetConflict() {
    offsetConflicts.increment();
  }

  public void consumerReplaced() {
    consumerReplacements.increment();
  }
}
