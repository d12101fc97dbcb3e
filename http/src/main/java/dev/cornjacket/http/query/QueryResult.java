package dev.cornjacket.http.query;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a keyed query: the handler maps each case to a status, the service never throws
 * for an expected situation (a rebalance, an owner that does not answer, an unknown key).
 *
 * @param <T> the value read from a store
 */
public sealed interface QueryResult<T> {

  /** Read from a store of this instance. */
  record Found<T>(T value, Served served) implements QueryResult<T> {
    public Found {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(served, "served");
    }
  }

  /**
   * Answered by another instance: its JSON body and its {@code X-Served-*} headers, passed through
   * unchanged.
   */
  record FoundRemotely<T>(byte[] body, Map<String, String> headers) implements QueryResult<T> {
    public FoundRemotely {
      Objects.requireNonNull(body, "body");
      headers = Map.copyOf(headers);
    }
  }

  /** The key is not in the store (it has no state on the instance that owns it). */
  record NotFound<T>(String message) implements QueryResult<T> {}

  /**
   * No instance can answer now (rebalancing, restoring, owner gone and no standby close enough):
   * ask again after {@code retryAfter}.
   */
  record NotReady<T>(String reason, String message, Duration retryAfter)
      implements QueryResult<T> {}
}
