package dev.cornjacket.topology.replay;

import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a replay did.
 *
 * @param recordsIn records fed to the topology
 * @param routed events written to the per-type topics
 * @param duplicates events dropped as duplicates
 * @param deadLettersByReason dead letters by reason code
 * @param took wall-clock time of the replay
 */
public record ReplaySummary(
    long recordsIn,
    long routed,
    long duplicates,
    Map<String, Long> deadLettersByReason,
    Duration took) {

  public ReplaySummary {
    deadLettersByReason = Map.copyOf(deadLettersByReason);
  }

  public long deadLetters() {
    return deadLettersByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public double recordsPerSecond() {
    double seconds = Math.max(took.toNanos(), 1) / 1e9;
    return recordsIn / seconds;
  }

  /** A few lines for a terminal. */
  public String describe() {
    String reasons =
        deadLettersByReason.isEmpty()
            ? ""
            : deadLettersByReason.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    return String.format(
        "records in %,d; routed %,d; duplicates %,d; dead letters %,d%s; %.1f s, %,.0f records/s",
        recordsIn,
        routed,
        duplicates,
        deadLetters(),
        reasons,
        took.toNanos() / 1e9,
        recordsPerSecond());
  }
}
