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
   * Waits until every acknowledged id is stored (or the timeout passed), then reads once more, so
   * that a late duplicate would show too.
   */
  static StoredEvents awaitAll(
      ChaosStack stack, String idPrefix, Set<String> acknowledged, Duration timeout)
      throws SQLException {
    try {
      await()
          .atMost(timeout)
          .pollInterval(Duration.ofSeconds(1))
          .ignoreExceptions() // the database may still be coming back
          .until(() -> read(stack, idPrefix).missing(acknowledged).isEmpty());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      // reported by the counts and the assertions of the test
    }
    return read(stack, idPrefix);
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
