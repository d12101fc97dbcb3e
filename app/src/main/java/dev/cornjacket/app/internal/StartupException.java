package dev.cornjacket.app.internal;

/** Start-up failed for a reason the user can act on; the message says what and how. */
final class StartupException extends RuntimeException {

  StartupException(String message, Throwable cause) {
    super(message, cause);
  }

  StartupException(String message) {
    super(message);
  }
}
