package dev.cornjacket.sinks;

import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link PostgresSink} is doing.
 *
 * @param state the state
 * @param detail the last error while {@code RETRYING} or {@code FAILED}, else empty
 * @param attempt the failed attempts of the current round while {@code RETRYING}, else 0
 * @param since when the sink entered this state
 */
public record SinkStatus(State state, String detail, int attempt, Instant since) {

  public enum State {
    /** Joining the consumer group. */
    STARTING,
    /** Writing batches. */
    RUNNING,
    /** PostgreSQL is unreachable: partitions paused, the batch is retried with back-off. */
    RETRYING,
    /** Stopped by an error that retrying cannot fix; see {@link #detail()}. */
    FAILED,
    /** Closed. */
    STOPPED
  }

  public SinkStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(since, "since");
  }

  /** Whether the sink is doing its work (or about to). */
  public boolean healthy() {
    return state == State.STARTING || state == State.RUNNING;
  }
}
