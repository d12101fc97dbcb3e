package dev.cornjacket.chaos;

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
    long lastProgress = started;
    long fewestMissing = Long.MAX_VALUE;
    long leastLag = Long.MAX_VALUE;
    while (true) {
      long missing = missingNow(stack, idPrefix, acknowledged, fewestMissing);
      if (missing == 0) {
        break;
      }
      long lag = PipelineLag.read(stack).total();
      long now = System.nanoTime();
      if (missing < fewestMissing || (lag >= 0 && lag < leastLag)) {
        lastProgress = now;
      }
      fewestMissing = Math.min(fewestMissing, missing);
      leastLag = lag >= 0 ? Math.min(leastLag, lag) : leastLag;
      if (now - lastProgress > stall.toNanos() || now - started > MAX_CATCH_UP.toNanos()) {
        System.out.println(
            "CHAOS gave up waiting for "
                + missing
                + " of "
                + acknowledged.size()
                + " "
                + idPrefix
                + " events after "
                + seconds(now - started)
                + " s; records still to read per reader: "
                + PipelineLag.read(stack));
        break;
      }
      sleep(Duration.ofSeconds(1));
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

  private static long missingNow(
      ChaosStack stack, String idPrefix, Set<String> acknowledged, long previously) {
    try {
      return read(stack, idPrefix).missing(acknowledged).size();
    } catch (SQLException e) {
      return previously; // the database may still be coming back
    }
  }

  private static long seconds(long nanos) {
    return TimeUnit.NANOSECONDS.toSeconds(nanos);
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for rows", e);
    }
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
