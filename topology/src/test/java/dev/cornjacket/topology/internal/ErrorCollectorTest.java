package dev.cornjacket.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import dev.cornjacket.topology.FieldError;
import dev.cornjacket.topology.RejectReason;
import org.junit.jupiter.api.Test;

class ErrorCollectorTest {

  @Test
  void shouldTakeReasonOfFirstErrorAndKeepAllInOrder() {
    ErrorCollector errors = new ErrorCollector();
    errors.add(RejectReason.MISSING_FIELD, "device_id", "is required");
    errors.add(RejectReason.TOO_LARGE, "metrics", "must have at most 64 entries, got 65");

    assertThat(errors.toInvalid().reason()).isEqualTo(RejectReason.MISSING_FIELD);
    assertThat(errors.toInvalid().errors())
        .containsExactly(
            new FieldError("device_id", "is required"),
            new FieldError("metrics", "must have at most 64 entries, got 65"));
  }

  @Test
  void shouldRefuseToBuildResultWithoutErrors() {
    assertThat(new ErrorCollector().isEmpty()).isTrue();
    assertThatIllegalStateException()
        .isThrownBy(() -> new ErrorCollector().toInvalid())
        .withMessage("no error was added");
  }
}
