package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValidationResultTest {

  @Test
  void shouldRequireAtLeastOneError() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ValidationResult.Invalid(RejectReason.BAD_VALUE, List.of()))
        .withMessage("errors must not be empty");
  }

  @Test
  void shouldCopyErrorsIntoUnmodifiableList() {
    List<FieldError> errors = new ArrayList<>(List.of(new FieldError("ts", "is required")));
    ValidationResult.Invalid invalid =
        new ValidationResult.Invalid(RejectReason.MISSING_FIELD, errors);

    errors.clear();

    assertThat(invalid.errors()).hasSize(1);
    assertThatThrownBy(() -> invalid.errors().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldNameMissingParts() {
    assertThatNullPointerException()
        .isThrownBy(() -> new ValidationResult.Invalid(null, List.of(new FieldError("$", "x"))))
        .withMessage("reason");
    assertThatNullPointerException()
        .isThrownBy(() -> new ValidationResult.Invalid(RejectReason.BAD_TYPE, null))
        .withMessage("errors");
    assertThatNullPointerException()
        .isThrownBy(() -> new ValidationResult.Valid(null))
        .withMessage("event");
    assertThatNullPointerException()
        .isThrownBy(() -> new FieldError(null, "m"))
        .withMessage("field");
    assertThatNullPointerException()
        .isThrownBy(() -> new FieldError("f", null))
        .withMessage("message");
  }

  @Test
  void shouldBeExhaustiveInSwitches() {
    ValidationResult result =
        new ValidationResult.Invalid(RejectReason.BAD_TYPE, List.of(new FieldError("$", "x")));

    String outcome =
        switch (result) {
          case ValidationResult.Valid valid -> "valid " + valid.event().deviceId();
          case ValidationResult.Invalid invalid -> invalid.reason().code();
        };

    assertThat(outcome).isEqualTo("bad_type");
  }
}
