package dev.cornjacket.devstack.internal;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Turns an exception chain into the short reason shown after "failed to start on port N: ". */
public final class Failures {

  private Failures() {}

  /**
   * The first meaningful message of the chain, followed by the root cause when that says something
   * else (the root is often the actual reason, e.g. "Address already in use").
   */
  public static String describe(Throwable failure) {
    Throwable top = unwrap(failure);
    Throwable root = rootCause(top);
    String reason = top.getMessage() == null ? nameAndMessage(top) : top.getMessage();
    if (root != top && root.getMessage() != null && !reason.contains(root.getMessage())) {
      reason += " (caused by " + nameAndMessage(root) + ")";
    }
    return reason;
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable current = failure;
    while ((current instanceof ExecutionException || current instanceof CompletionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static Throwable rootCause(Throwable failure) {
    Throwable current = failure;
    while (current.getCause() != null && current.getCause() != current) {
      current = current.getCause();
    }
    return current;
  }

  private static String nameAndMessage(Throwable failure) {
    String message = failure.getMessage();
    return message == null || message.isBlank()
        ? failure.getClass().getName()
        : failure.getClass().getSimpleName() + ": " + message;
  }
}
