package dev.cornjacket.devstack;

/**
 * An embedded server could not start or stop. The message names the server, its port and the
 * reason, e.g. {@code "PostgreSQL failed to start on port 5433: port 5433 is already in use"}.
 */
public class EmbeddedServerException extends RuntimeException {

  /** Creates the exception with a complete, human-readable message and its cause. */
  public EmbeddedServerException(String message, Throwable cause) {
    super(message, cause);
  }
}
