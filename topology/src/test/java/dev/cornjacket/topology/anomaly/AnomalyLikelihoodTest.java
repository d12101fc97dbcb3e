package dev.cornjacket.topology.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AnomalyLikelihoodTest {

  private static final int WARM_UP = 100;

  /** Raw scores: nothing, with a burst of 5 in every 300 readings from reading 1,000 on. */
  private static double burst(long count) {
    return count >= 1000 && count % 300 < 5 ? 1 : 0;
  }

  @Test
  void shouldScoreABurstThatKeepsComingLowerThanTheFirst() {
    AnomalyLikelihood likelihood = AnomalyLikelihood.ofScores(10, 1000);
    double first = 0;
    double late = 0;
    for (long count = 1; count <= 6000; count++) {
      double score = likelihood.next(burst(count), count, WARM_UP);
      if (count >= 1200 && count < 1210) {
        first = Math.max(first, score);
      }
      if (count >= 5700 && count < 5710) {
        late = Math.max(late, score);
      }
    }

    assertThat(first).as("the first burst").isEqualTo(1.0);
    // the Gaussian alone still scores the 16th burst 0.95
    assertThat(late).as("the 16th burst").isLessThan(0.7);
  }

  @Test
  void shouldScoreNothingDuringTheWarmUp() {
    AnomalyLikelihood likelihood = AnomalyLikelihood.ofEvents(10, 1000);
    for (long count = 1; count <= WARM_UP; count++) {
      assertThat(likelihood.next(count % 2, count, WARM_UP)).isZero();
    }
  }

  @Test
  void shouldGoOnTheSameAfterARoundTripOfEvents() {
    AnomalyLikelihood original = AnomalyLikelihood.ofEvents(10, 1000);
    long count = 1;
    for (; count <= 1503; count++) {
      original.next(burst(count), count, WARM_UP);
    }
    ByteBuffer bytes = ByteBuffer.allocate(original.serializedSize(count - 1));
    original.write(bytes, count - 1);
    AnomalyLikelihood copy = AnomalyLikelihood.ofEvents(10, 1000);
    copy.read(bytes.flip(), count - 1);

    assertThat(bytes.hasRemaining()).isFalse();
    for (; count <= 3000; count++) {
      double event = burst(count);
      assertThat(copy.next(event, count, WARM_UP)).isEqualTo(original.next(event, count, WARM_UP));
    }
  }

  @Test
  void shouldKeepTenEventsInTwoBytes() {
    AnomalyLikelihood events = AnomalyLikelihood.ofEvents(10, 1000);
    AnomalyLikelihood scores = AnomalyLikelihood.ofScores(10, 1000);

    assertThat(scores.serializedSize(500) - events.serializedSize(500))
        .as("ten floats, the Gaussian's mean and variance, and 10 more bins than 11")
        .isEqualTo(10 * Float.BYTES - 2 + 2 * Double.BYTES + 10 * Float.BYTES);
  }

  @Test
  void shouldRefuseAnEventThatIsNotZeroOrOne() {
    AnomalyLikelihood events = AnomalyLikelihood.ofEvents(10, 1000);

    assertThatThrownBy(() -> events.next(0.5, 1, WARM_UP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an event is 0 or 1, got 0.5");
  }
}
