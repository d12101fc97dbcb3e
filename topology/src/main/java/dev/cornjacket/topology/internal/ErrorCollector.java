package dev.cornjacket.topology.internal;

import dev.cornjacket.topology.FieldError;
import dev.cornjacket.topology.RejectReason;
import dev.cornjacket.topology.ValidationResult;
import java.util.ArrayList;
import java.util.List;

/** Gathers every error of one event; the first one added decides the reject reason. */
public final class ErrorCollector {

  private final List<FieldError> errors = new ArrayList<>();
  private RejectReason firstReason;

  /** Records that {@code field} breaks the contract for {@code reason}. */
  public void add(RejectReason reason, String field, String message) {
    if (firstReason == null) {
      firstReason = reason;
    }
    errors.add(new FieldError(field, message));
  }

  public boolean isEmpty() {
    return errors.isEmpty();
  }

  /**
   * The collected errors as a result.
   *
   * @throws IllegalStateException when no error was added
   */
  public ValidationResult.Invalid toInvalid() {
    if (errors.isEmpty()) {
      throw new IllegalStateException("no error was added");
    }
    return new ValidationResult.Invalid(firstReason, errors);
  }
}
