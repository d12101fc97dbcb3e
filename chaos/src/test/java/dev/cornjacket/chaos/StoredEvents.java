package dev.cornjacket.chaos;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The rows of the {@code events} table of a test's ids, as counts of each event id. */
record StoredEvents(Map<String, Integer> rowsPerId) {

  static StoredEvents read(ChaosStack stack, String idPrefix) throws SQLException {
    Map<String, Integer> rows = new HashMap<>();
    try (Connection connection = stack.database();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT event_id, count(*) FROM events WHERE event_id LIKE ? GROUP BY event_id")) {
      query.setString(1, idPrefix + "%");
      try (ResultSet rs = query.executeQuery()) {
        while (rs.next()) {
          rows.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return new StoredEvents(rows);
  }

  /**
   * Waits until every acknowledged id is stored, as long as the pipeline makes progress: it gives
   * up only when, for {@code stall}, no further id was stored and no reader of the pipeline moved
   * (or after {@link #MAX_CATCH_UP} in all). Then it reads once more, so that a late duplicate
   * would show too. A fixed deadline would call a backlog still being worked off a loss.
   */
  static StoredEvents awaitAll(
      ChaosStack stack, String idPrefix, Set<String> acknowledged, Duration stall)
      throws SQLException {
    long started = System.nanoTime();
    Progress progress = new Progress(stall);
    try {
      await()
          .atMost(MAX_CATCH_UP)
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> progress.done(stack, idPrefix, acknowledged));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      progress.stalled = true; // ran out of MAX_CATCH_UP
    }
    if (progress.stalled) {
      System.out.println(
          "CHAOS gave up waiting for "
              + progress.fewestMissing
              + " of "
              + acknowledged.size()
              + " "
              + idPrefix
              + " events after "
              + seconds(System.nanoTime() - started)
              + " s; records still to read per reader: "
              + progress.lastLag);
    }
    System.out.println(
        "CHAOS "
            + idPrefix
            + " events: the check waited "
            + seconds(System.nanoTime() - started)
            + " s for the rows");
    return read(stack, idPrefix);
  }

  /** How long the rows may take in all, however steady the progress. */
  static final Duration MAX_CATCH_UP = Duration.ofMinutes(10);

  /** The state of one wait: the fewest ids missing and the least lag seen, and since when. */
  private static final class Progress {
    private final long stallNanos;
    private long lastProgress = System.nanoTime();
    private long fewestMissing = Long.MAX_VALUE;
    private long leastLag = Long.MAX_VALUE;
    private PipelineLag lastLag;
    private boolean stalled;

    Progress(Duration stall) {
      this.stallNanos = stall.toNanos();
    }

    /** True when every id is stored, or when nothing moved for the stall period. */
    boolean done(ChaosStack stack, String idPrefix, Set<String> acknowledged) {
      long missing;
      try {
        missing = read(stack, idPrefix).missing(acknowledged).size();
      } catch (SQLException e) {
        missing = fewestMissing; // the database may still be coming back
      }
      if (missing == 0) {
        return true;
      }
      lastLag = PipelineLag.read(stack);
      long lag = lastLag.total();
      if (missing < fewestMissing || (lag >= 0 && lag < leastLag)) {
        lastProgress = System.nanoTime();
      }
      fewestMissing = Math.min(fewestMissing, missing);
      leastLag = lag >= 0 ? Math.min(leastLag, lag) : leastLag;
      stalled = System.nanoTime() - lastProgress > stallNanos;
      return stalled;
    }
  }

  private static long seconds(long nanos) {
    return TimeUnit.NANOSECONDS.toSeconds(nanos);
  }

  long stored() {
    return rowsPerId.size();
  }

  long duplicates() {
    return rowsPerId.values().stream().mapToLong(n -> n - 1).sum();
  }

  Set<String> missing(Set<String> acknowledged) {
    Set<String> missing = new HashSet<>(acknowledged);
    missing.removeAll(rowsPerId.keySet());
    return missing;
  }
}
