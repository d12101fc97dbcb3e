package dev.cornjacket.sinks;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of a quick probe of PostgreSQL.
 *
 * @param reachable whether a fresh connection answered
 * @param detail the server version when reachable, else the error
 * @param took how long the probe took
 */
public record DatabaseStatus(boolean reachable, String detail, Duration took) {

  public DatabaseStatus {
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(took, "took");
  }
}
