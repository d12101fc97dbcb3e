package dev.cornjacket.topology.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class TimeOfDayProfileTest {

  private static final long MINUTE = 60_000;
  private static final long DAY = 24 * 60 * MINUTE;
  private static final double LEAST_SPREAD = 0.5;

  /** 10 by night (0-12 h), 100 by day (12-24 h), one reading every 10 minutes. */
  private static float usual(long time) {
    return (time % DAY) < DAY / 2 ? 10 : 100;
  }

  private static int outliers(TimeOfDayProfile profile, long from, long to) {
    int outliers = 0;
    for (long time = from; time < to; time += 10 * MINUTE) {
      outliers += (int) profile.outlier(time, usual(time), LEAST_SPREAD);
    }
    return outliers;
  }

  @Test
  void shouldFindAReadingUnusualForItsHourThoughUsualForTheDay() {
    TimeOfDayProfile profile = new TimeOfDayProfile();

    assertThat(outliers(profile, 0, 3 * DAY)).isZero();
    assertThat(profile.outlier(3 * DAY + 3 * 60 * MINUTE, 100, LEAST_SPREAD))
        .as("the day's level at 3 a.m.")
        .isEqualTo(1);
    assertThat(profile.outlier(3 * DAY + 15 * 60 * MINUTE, 100, LEAST_SPREAD)).isZero();
  }

  @Test
  void shouldNotJudgeAnHourOnTheDayItFirstSawIt() {
    TimeOfDayProfile profile = new TimeOfDayProfile();
    for (int i = 0; i < 50; i++) {
      profile.outlier(i * MINUTE, 10, LEAST_SPREAD);
    }

    assertThat(profile.outlier(50 * MINUTE, 1000, LEAST_SPREAD)).isZero();
    assertThat(profile.outlier(DAY + 50 * MINUTE, 1000, LEAST_SPREAD)).isEqualTo(1);
  }

  @Test
  void shouldReadWhatItWrote() {
    TimeOfDayProfile profile = new TimeOfDayProfile();
    outliers(profile, 0, 2 * DAY);
    ByteBuffer bytes = ByteBuffer.allocate(TimeOfDayProfile.serializedSize());
    profile.write(bytes);
    TimeOfDayProfile copy = new TimeOfDayProfile();
    copy.read(bytes.flip());

    assertThat(bytes.hasRemaining()).isFalse();
    for (long time = 2 * DAY; time < 3 * DAY; time += 7 * MINUTE) {
      float reading = time % (5 * 60 * MINUTE) == 0 ? 55 : usual(time);
      assertThat(copy.outlier(time, reading, LEAST_SPREAD))
          .isEqualTo(profile.outlier(time, reading, LEAST_SPREAD));
    }
  }

  @Test
  void shouldRefuseACountItCannotHaveWritten() {
    ByteBuffer bytes = ByteBuffer.allocate(TimeOfDayProfile.serializedSize());
    new TimeOfDayProfile().write(bytes);
    bytes.put(2 * 24 * Float.BYTES, (byte) 99);

    assertThatThrownBy(() -> new TimeOfDayProfile().read(bytes.flip()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("time-of-day count 99");
  }
}
