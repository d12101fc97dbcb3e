package dev.cornjacket.topology;

import java.util.List;
import java.util.Objects;

/** The outcome of {@link EventValidator#validate}: a typed event, or every reason it is not one. */
public sealed interface ValidationResult permits ValidationResult.Valid, ValidationResult.Invalid {

  /** The event met the contract. */
  record Valid(Event event) implements ValidationResult {
    public Valid {
      Objects.requireNonNull(event, "event");
    }
  }

  /**
   * The event broke the contract.
   *
   * @param reason the reason of the first error in {@code errors}; the validator lists errors about
   *     the event as a whole first, then fields in contract order ({@code event_id}, {@code
   *     device_id}, {@code type}, {@code ts}, {@code metrics}, {@code attrs}, reserved names)
   * @param errors every error found, never empty
   */
  record Invalid(RejectReason reason, List<FieldError> errors) implements ValidationResult {
    public Invalid {
      Objects.requireNonNull(reason, "reason");
      errors = List.copyOf(Objects.requireNonNull(errors, "errors"));
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("errors must not be empty");
      }
    }
  }
}
