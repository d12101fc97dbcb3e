package dev.cornjacket.sinks;

/**
 * A read from PostgreSQL failed. {@link #isTransient()} tells an unreachable or restarting database
 * (answer 503 and let the client retry) from anything else.
 */
public final class StoreException extends RuntimeException {

  private final boolean transientFailure;

  public StoreException(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public boolean isTransient() {
    return transientFailure;
  }
}
