package dev.cornjacket.topology.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ScoreHistogramTest {

  private static final double ALPHA = 1.0 / 1000;

  @Test
  void shouldGiveTheShareOfScoresAtLeastAsHigh() {
    ScoreHistogram histogram = new ScoreHistogram(ScoreHistogram.DEFAULT_BINS);
    for (int i = 0; i < 1000; i++) {
      histogram.add(i % 10 == 0 ? 0.5 : 0.0, ALPHA);
    }

    assertThat(histogram.tail(0.0)).isCloseTo(1.0, within(0.01));
    assertThat(histogram.tail(0.5)).isCloseTo(0.1, within(0.01));
    assertThat(histogram.tail(0.3)).isEqualTo(histogram.tail(0.5));
  }

  @Test
  void shouldCallAScoreNeverSeenRareButNotImpossible() {
    ScoreHistogram histogram = new ScoreHistogram(ScoreHistogram.DEFAULT_BINS);
    for (int i = 0; i < 1000; i++) {
      histogram.add(0.1, ALPHA);
    }

    assertThat(histogram.tail(0.9)).isPositive().isLessThan(1e-5);
  }

  @Test
  void shouldForgetOldScores() {
    ScoreHistogram histogram = new ScoreHistogram(ScoreHistogram.DEFAULT_BINS);
    for (int i = 0; i < 1000; i++) {
      histogram.add(0.8, ALPHA);
    }
    for (int i = 0; i < 10_000; i++) {
      histogram.add(0.0, ALPHA);
    }

    assertThat(histogram.tail(0.8)).isLessThan(1e-3);
  }

  @Test
  void shouldReadWhatItWrote() {
    ScoreHistogram histogram = new ScoreHistogram(ScoreHistogram.DEFAULT_BINS);
    for (int i = 0; i < 500; i++) {
      histogram.add((i % 7) / 7.0, ALPHA);
    }
    ByteBuffer bytes = ByteBuffer.allocate(histogram.serializedSize());
    histogram.write(bytes);
    ScoreHistogram copy = new ScoreHistogram(ScoreHistogram.DEFAULT_BINS);
    copy.read(bytes.flip());

    for (double score = 0; score <= 1; score += 0.02) {
      assertThat(copy.tail(score)).isEqualTo(histogram.tail(score));
    }
    assertThat(bytes.hasRemaining()).isFalse();
  }
}
