package dev.cornjacket.topology.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.config.AnomalySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The detector on synthetic series, and its state. */
class ContextNoveltyDetectorTest {

  private static final double THRESHOLD = AnomalySettings.DEFAULTS.threshold();
  private static final int PROBATION = AnomalySettings.DEFAULTS.probation();
  private static final long MINUTE = 60_000;

  /** Scores of {@code series} over {@code [0, length)}, 0 during the probation. */
  private static double[] scores(IntToDoubleFunction series, int length) {
    AnomalyModel model = new ContextNoveltyDetector(DetectorParameters.DEFAULTS);
    double[] scores = new double[length];
    for (int i = 0; i < length; i++) {
      double score = model.score(i * MINUTE, series.applyAsDouble(i));
      scores[i] = i < PROBATION ? 0 : score;
    }
    return scores;
  }

  private static double max(double[] scores, int from, int to) {
    double max = 0;
    for (int i = from; i < to; i++) {
      max = Math.max(max, scores[i]);
    }
    return max;
  }

  private static double noisyWave(int i, Random random) {
    return 50 + 10 * Math.sin(i * 2 * Math.PI / 100) + random.nextGaussian();
  }

  @Test
  void shouldAlertOnASpikeInAFlatSeries() {
    double[] scores = scores(i -> i == 1500 ? 30 : 10, 2000);

    assertThat(max(scores, PROBATION, 1500)).isLessThan(THRESHOLD);
    assertThat(max(scores, 1500, 1510)).isGreaterThanOrEqualTo(THRESHOLD);
  }

  @Test
  void shouldScoreFiniteValuesBeyondTheFloatRangeAndGoOnScoring() {
    // As the scorer does: the state goes through its bytes between readings.
    byte[] state = new ContextNoveltyDetector(DetectorParameters.DEFAULTS).toBytes();
    double[] extremes = {1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE};
    for (int i = 0; i < 600; i++) {
      double value = i >= 300 && i % 50 == 0 ? extremes[(i / 50) % extremes.length] : 10;
      AnomalyModel model = ContextNoveltyDetector.fromBytes(DetectorParameters.DEFAULTS, state);
      double score = model.score(i * MINUTE, value);
      state = model.toBytes();

      assertThat(score).as("score of reading %d (%s)", i, value).isBetween(0.0, 1.0);
    }
  }

  @Test
  void shouldDampAnEchoOfAnAlertButLetAStrongerIncidentBreakThrough() {
    int breakThrough = DetectorParameters.DEFAULTS.breakThroughAfter();
    int echo = 1500 + breakThrough / 2;
    int stronger = 1500 + breakThrough + 20;
    double[] scores =
        scores(i -> i == 1500 || i == echo ? 30 : i == stronger ? 60 : 10, stronger + 100);

    assertThat(max(scores, 1500, 1501)).isGreaterThanOrEqualTo(THRESHOLD);
    assertThat(max(scores, echo, echo + 1))
        .as("echo within the quiet period")
        .isLessThan(THRESHOLD);
    assertThat(max(scores, stronger, stronger + 1)).isGreaterThanOrEqualTo(THRESHOLD);
  }

  @Test
  void shouldAlertOnALevelShift() {
    Random random = new Random(7);
    double[] scores = scores(i -> (i < 1500 ? 0 : 25) + noisyWave(i, random), 2000);

    assertThat(max(scores, PROBATION, 1500)).isLessThan(THRESHOLD);
    assertThat(max(scores, 1500, 1600)).isGreaterThanOrEqualTo(THRESHOLD);
  }

  @Test
  void shouldAlertOnAFrequencyChange() {
    double[] scores = scores(i -> 10 + 5 * Math.sin(i * 2 * Math.PI / (i < 1500 ? 100 : 20)), 2000);

    assertThat(max(scores, PROBATION, 1500)).isLessThan(THRESHOLD);
    assertThat(max(scores, 1500, 1700)).isGreaterThanOrEqualTo(THRESHOLD);
  }

  @Test
  void shouldAlertOnAReadingUnusualForItsHourOfDayAndSaySo() {
    long fiveMinutes = 5 * MINUTE;
    Random random = new Random(11);
    AnomalyModel model = new ContextNoveltyDetector(DetectorParameters.DEFAULTS);
    int days = 6;
    int perDay = 288;
    int threeAmOnTheLastDay = (days - 1) * perDay + 36;
    double alerted = 0;
    List<String> reasons = List.of();
    for (int i = 0; i <= threeAmOnTheLastDay; i++) {
      boolean daytime = (i % perDay) >= perDay / 2;
      double value = i == threeAmOnTheLastDay ? 100 : (daytime ? 100 : 10) + random.nextGaussian();
      double score = model.score(i * fiveMinutes, value);
      if (i >= threeAmOnTheLastDay - perDay / 2 && i < threeAmOnTheLastDay) {
        // the afternoon and night before: the same values at their usual hours
        assertThat(score).as("score of reading %d", i).isLessThan(THRESHOLD);
      }
      alerted = score;
      reasons = model.reasons();
    }

    assertThat(alerted).as("the daytime level at 3 a.m.").isGreaterThanOrEqualTo(THRESHOLD);
    assertThat(reasons)
        .anyMatch(reason -> reason.startsWith("value 100 unusual for 03:00-03:59 UTC"));
  }

  @Test
  void shouldExplainALevelShift() {
    Random random = new Random(5);
    AnomalyModel model = new ContextNoveltyDetector(DetectorParameters.DEFAULTS);
    List<String> reasons = List.of();
    double max = 0;
    for (int i = 0; i < 1600; i++) {
      double score = model.score(i * MINUTE, (i < 1500 ? 0 : 8) + random.nextGaussian() * 0.1);
      if (i >= 1500 && score > max) {
        max = score;
        reasons = model.reasons();
      }
    }

    assertThat(max).isGreaterThanOrEqualTo(THRESHOLD);
    assertThat(reasons)
        .anyMatch(reason -> reason.startsWith("level shift: last 8 readings average"));
  }

  @Test
  void shouldAlertOnASlowSteadyDriftAndSaySo() {
    // two early outliers set the range to 0-100; from reading 3000 the level sinks by 0.08 a
    // reading: too slowly for a level shift, and inside the range all along
    Random random = new Random(9);
    AnomalyModel model = new ContextNoveltyDetector(DetectorParameters.DEFAULTS);
    int firstDriftAlert = -1;
    for (int i = 0; i < 3400 && firstDriftAlert < 0; i++) {
      double level = i < 3000 ? 50 : 50 - 0.08 * (i - 3000);
      double value = i == 700 ? 0 : i == 800 ? 100 : level + random.nextGaussian();
      double score = model.score(i * MINUTE, value);
      boolean drift =
          model.reasons().stream().anyMatch(r -> r.startsWith("steady drift: from about 5"));
      assertThat(drift && i < 3000).as("drift before reading 3000").isFalse();
      if (drift && score >= THRESHOLD) {
        firstDriftAlert = i;
      }
    }

    assertThat(firstDriftAlert).isBetween(3000, 3300);
  }

  @Test
  void shouldStayQuietOnNoiseWithoutAnomalies() {
    Random random = new Random(42);
    double[] scores = scores(i -> noisyWave(i, random), 5000);

    assertThat(max(scores, PROBATION, 5000)).isLessThan(THRESHOLD);
  }

  @Test
  void shouldScoreTheSameAfterARoundTripOfItsState() {
    Random random = new Random(1);
    AnomalyModel original = new ContextNoveltyDetector(DetectorParameters.DEFAULTS);
    for (int i = 0; i < 3000; i++) {
      original.score(i * MINUTE, noisyWave(i, random));
    }
    AnomalyModel copy =
        ContextNoveltyDetector.fromBytes(DetectorParameters.DEFAULTS, original.toBytes());

    assertThat(copy.toBytes()).isEqualTo(original.toBytes());
    for (int i = 3000; i < 4000; i++) {
      double value = i == 3500 ? 500 : noisyWave(i, random);
      assertThat(copy.score(i * MINUTE, value)).isEqualTo(original.score(i * MINUTE, value));
    }
    assertThat(copy.readings()).isEqualTo(4000);
  }

  @Test
  void shouldKeepFourMetricsOfADeviceUnder8KiBHoweverLongItLives() {
    Random random = new Random(3);
    Map<String, byte[]> states = new LinkedHashMap<>();
    for (String metric : new String[] {"a", "b", "c", "d"}) {
      AnomalyModel model = new ContextNoveltyDetector(DetectorParameters.DEFAULTS);
      for (int i = 0; i < 20_000; i++) {
        // a random walk keeps making new contexts: the memory fills up
        model.score(i * MINUTE, random.nextGaussian() * (1 + i % 97));
      }
      states.put(metric, model.toBytes());
    }

    assertThat(DeviceModelStates.write(states).length).isLessThan(8 * 1024);
    assertThat(DeviceModelStates.read(DeviceModelStates.write(states)))
        .containsOnlyKeys("a", "b", "c", "d");
  }

  @Test
  void shouldStartAfreshWhenTheStateWasLearnedWithOtherParameters() {
    AnomalyModel model = new ContextNoveltyDetector(DetectorParameters.DEFAULTS);
    for (int i = 0; i < 100; i++) {
      model.score(i * MINUTE, i);
    }
    DetectorParameters other =
        new DetectorParameters(
            "context-novelty",
            "other",
            4,
            2,
            64,
            0.12,
            0.1,
            64,
            0.7,
            8,
            2000,
            400,
            0.5,
            8,
            0.048,
            0.02,
            0);

    assertThat(ContextNoveltyDetector.fromBytes(other, model.toBytes()).readings()).isZero();
  }

  @Test
  void shouldScoreZeroForTheFirstReadings() {
    AnomalyModel model = new ContextNoveltyDetector(DetectorParameters.DEFAULTS);

    assertThat(model.score(0, 10)).isZero();
    assertThat(model.score(MINUTE, 1e6)).isZero();
  }

  @Test
  void shouldRefuseValuesThatAreNotFinite() {
    AnomalyModel model = new ContextNoveltyDetector(DetectorParameters.DEFAULTS);

    assertThatThrownBy(() -> model.score(0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("value must be a finite number, got NaN");
    assertThat(model.readings()).isZero();
  }

  @Test
  void shouldRefuseBytesThatAreNotAState() {
    assertThatThrownBy(
            () -> ContextNoveltyDetector.fromBytes(DetectorParameters.DEFAULTS, new byte[] {3, 3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model state is truncated");
  }

  @Test
  void shouldStartAfreshFromAStateOfAnEarlierFormat() {
    // format 1 (detector 1.2) kept no histogram of scores: such a state is learned again
    byte[] formatOne = {1, 0, 0, 0, 0};
    // format 2 (detector 1.3) kept no drift: learned again too
    byte[] formatTwo = {2, 0, 0, 0, 0};

    assertThat(ContextNoveltyDetector.fromBytes(DetectorParameters.DEFAULTS, formatOne).readings())
        .isZero();
    assertThat(ContextNoveltyDetector.fromBytes(DetectorParameters.DEFAULTS, formatTwo).readings())
        .isZero();
  }

  /**
   * The stored layout of model states is a contract with every changelog already written: this
   * digest was taken from states of format 3 (format 2 and the drift's block means and event
   * likelihood after the time-of-day profile), whose layout was checked field by field with a
   * {@code DataInputStream}. A change of layout needs a new format byte. A change of what the
   * detector learns changes the digest too; then check the layout by hand and take the new digest.
   */
  @Test
  void shouldWriteStatesInTheLayoutOfFormatThree() throws Exception {
    Map<String, byte[]> states = new LinkedHashMap<>();
    long seed = 42;
    for (String metric : new String[] {"temperature", "ünï-metric", "x"}) {
      AnomalyModel model = new ContextNoveltyDetector(DetectorParameters.DEFAULTS);
      int readings = metric.length() * 300;
      for (int i = 0; i < readings; i++) {
        seed = seed * 6364136223846793005L + 1442695040888963407L; // no platform maths here
        double noise = (seed >>> 40) / (double) (1L << 24);
        model.score(i * MINUTE, (i % 60) + noise + (i == readings - 7 ? 90 : 0));
      }
      states.put(metric, model.toBytes());
    }
    byte[] bytes = DeviceModelStates.write(states);
    String digest =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));

    assertThat(digest)
        .isEqualTo("3a6fe6eb93588974ef76ae9346f34ef2ce995efe23377116da0b1a17945e0d67");
    Map<String, byte[]> read = DeviceModelStates.read(bytes);
    assertThat(read).containsOnlyKeys(states.keySet());
    for (Map.Entry<String, byte[]> state : read.entrySet()) {
      assertThat(
              ContextNoveltyDetector.fromBytes(DetectorParameters.DEFAULTS, state.getValue())
                  .toBytes())
          .isEqualTo(states.get(state.getKey()));
    }
  }
}
