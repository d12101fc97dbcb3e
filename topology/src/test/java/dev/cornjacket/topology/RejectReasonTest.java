package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RejectReasonTest {

  @Test
  void shouldUseLowerSnakeCaseCodes() {
    assertThat(RejectReason.values())
        .extracting(RejectReason::code)
        .containsExactly(
            "invalid_json",
            "missing_field",
            "bad_type",
            "bad_value",
            "ts_out_of_range",
            "too_large",
            "device_mismatch");
  }

  @ParameterizedTest
  @EnumSource(RejectReason.class)
  void shouldFindReasonByItsCode(RejectReason reason) {
    assertThat(RejectReason.fromCode(reason.code())).contains(reason);
  }

  @Test
  void shouldNotFindUnknownCode() {
    assertThat(RejectReason.fromCode("INVALID_JSON")).isEmpty();
  }
}
