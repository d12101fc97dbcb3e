package dev.cornjacket.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ValidationLimitsTest {

  private static final Duration DAY = Duration.ofHours(24);

  @Test
  void shouldDefaultToTheContractLimits() {
    assertThat(ValidationLimits.DEFAULTS)
        .isEqualTo(new ValidationLimits(64, 64, 16384, 128, DAY, DAY));
    assertThat(ValidationLimits.MAX_ATTR_VALUE_LENGTH).isEqualTo(1024);
  }

  @Test
  void shouldRejectLimitsThatAreNotPositiveNamingThem() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ValidationLimits(0, 64, 16384, 128, DAY, DAY))
        .withMessage("maxMetrics must be positive, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ValidationLimits(64, -1, 16384, 128, DAY, DAY))
        .withMessage("maxAttrs must be positive, got -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ValidationLimits(64, 64, 0, 128, DAY, DAY))
        .withMessage("maxEventBytes must be positive, got 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ValidationLimits(64, 64, 16384, 0, DAY, DAY))
        .withMessage("maxIdLength must be positive, got 0");
  }

  @Test
  void shouldRejectNegativeOrMissingDurationsNamingThem() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ValidationLimits(64, 64, 16384, 128, Duration.ofSeconds(-1), DAY))
        .withMessage("maxFutureSkew must not be negative, got PT-1S");
    assertThatNullPointerException()
        .isThrownBy(() -> new ValidationLimits(64, 64, 16384, 128, DAY, null))
        .withMessage("maxAge");
  }

  @Test
  void shouldAllowZeroDurations() {
    assertThat(new ValidationLimits(1, 1, 1, 1, Duration.ZERO, Duration.ZERO).maxAge()).isZero();
  }
}
