package dev.cornjacket.sinks.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

class FailureKindTest {

  @Test
  void shouldRetryConnectionFailuresFoundAnywhereInTheCauseChain() {
    Exception pool =
        new SQLTransientConnectionException(
            "cornjacket-postgres - Connection is not available",
            "08001",
            new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT));
    Exception wrapped =
        new IllegalStateException(
            "write failed", new IOException("io", new ConnectException("Connection refused")));

    assertThat(FailureKind.of(pool)).isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureKind.of(wrapped)).isEqualTo(FailureKind.TRANSIENT);
  }

  @Test
  void shouldRetryShutdownsDeadlocksAndLostConnectionsBySqlState() {
    for (String state :
        new String[] {
          "08006", "08003", "57P01", "57P02", "57P03", "53300", "40001", "40P01", "55P03", "57014"
        }) {
      assertThat(FailureKind.of(new SQLException("x", state)))
          .as(state)
          .isEqualTo(FailureKind.TRANSIENT);
    }
  }

  @Test
  void shouldBlameTheRowForDataAndConstraintErrors() {
    assertThat(FailureKind.of(new SQLException("numeric overflow", "22003")))
        .isEqualTo(FailureKind.ROW);
    assertThat(FailureKind.of(new SQLException("no partition", "23514")))
        .isEqualTo(FailureKind.ROW);
    assertThat(FailureKind.of(new SQLException("\\u0000", "22P05"))).isEqualTo(FailureKind.ROW);
  }

  @Test
  void shouldStopOnEverythingElse() {
    assertThat(FailureKind.of(new SQLException("relation does not exist", "42P01")))
        .isEqualTo(FailureKind.FATAL);
    assertThat(FailureKind.of(new SQLException("no state"))).isEqualTo(FailureKind.FATAL);
    assertThat(FailureKind.of(new IllegalStateException("bug"))).isEqualTo(FailureKind.FATAL);
  }

  @Test
  void shouldLookAtTheNextExceptionsOfABatch() {
    BatchUpdateException batch = new BatchUpdateException("batch failed", "", new int[0]);
    batch.setNextException(new SQLException("terminating connection", "57P01"));

    assertThat(FailureKind.of(batch)).isEqualTo(FailureKind.TRANSIENT);
    assertThat(FailureKind.sqlStateOf(new RuntimeException(new SQLException("x", "23505"))))
        .isEqualTo("23505");
  }

  @Test
  void shouldSurviveACauseLoop() {
    SQLException a = new SQLException("a", "42000");
    SQLException b = new SQLException("b", "42000", a);
    a.initCause(b);

    assertThat(FailureKind.of(a)).isEqualTo(FailureKind.FATAL);
  }
}
