package dev.cornjacket.sinks.internal;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * What a failed write means for the sink, decided by walking the whole cause chain (and the chained
 * {@link SQLException#getNextException() next exceptions} of batches): a connection refused deep
 * inside a pool exception is still a connection refused.
 */
public enum FailureKind {
  /** The database is unreachable or restarting: retry the same batch later. */
  TRANSIENT,
  /** PostgreSQL rejected a row's data (SQL state class 22 or 23): find the row, dead-letter it. */
  ROW,
  /** Anything else (missing table, bad SQL, a bug): stop the sink with the reason. */
  FATAL;

  /**
   * SQL states that say "try again": class 08 (connection exception), 57P01-57P03 (admin or crash
   * shutdown, cannot connect now), 53300 (too many connections), 40001 and 40P01 (serialization
   * failure, deadlock), 55P03 (lock not available), 57014 (statement cancelled, e.g. a timeout).
   */
  public static boolean isTransientSqlState(String state) {
    if (state == null) {
      return false;
    }
    return state.startsWith("08")
        || state.startsWith("57P")
        || state.equals("53300")
        || state.equals("40001")
        || state.equals("40P01")
        || state.equals("55P03")
        || state.equals("57014");
  }

  /** SQL state classes 22 (data exception) and 23 (integrity constraint violation). */
  public static boolean isRowSqlState(String state) {
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /** Classifies {@code failure}; a transient cause anywhere in the chain wins. */
  public static FailureKind of(Throwable failure) {
    String firstSqlState = null;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = next(t)) {
      if (isTransientType(t)) {
        return TRANSIENT;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        if (isTransientSqlState(sql.getSQLState())) {
          return TRANSIENT;
        }
        if (firstSqlState == null) {
          firstSqlState = sql.getSQLState();
        }
      }
    }
    return isRowSqlState(firstSqlState) ? ROW : FATAL;
  }

  /** The first SQL state in the cause chain, or {@code null}. */
  public static String sqlStateOf(Throwable failure) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = next(t)) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  private static boolean isTransientType(Throwable t) {
    return t instanceof SQLTransientException
        || t instanceof SQLRecoverableException
        || t instanceof ConnectException
        || t instanceof SocketTimeoutException
        || t instanceof SocketException
        || t instanceof UnknownHostException
        || t instanceof EOFException;
  }

  private static Throwable next(Throwable t) {
    if (t.getCause() != null) {
      return t.getCause();
    }
    return t instanceof SQLException sql ? sql.getNextException() : null;
  }
}
