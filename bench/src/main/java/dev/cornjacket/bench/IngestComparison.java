package dev.cornjacket.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The raw Kafka producer against HTTP ingest on the same broker, in alternating rounds: warm both
 * up, then measure baseline, HTTP, baseline, HTTP... and keep each side's median round.
 *
 * <p>One round of a million events takes the raw producer two to four seconds, and its rate moves
 * by up to 70 % from one such round to the next (log segments, page cache, the JIT and the broker
 * sharing two cores): a single round of each side made the ratio a draw. Alternating rounds give
 * both sides the same drifts of the machine, and the median drops the odd round out.
 */
final class IngestComparison {

  /** Every measured round of both sides, in the order they ran. */
  record Outcome(List<PhaseResult> baselineRounds, List<PhaseResult> httpRounds) {

    PhaseResult baseline() {
      return median(baselineRounds);
    }

    PhaseResult http() {
      return median(httpRounds);
    }

    /** HTTP's median rate over the baseline's median rate. */
    double ratio() {
      return http().eventsPerSecond() / baseline().eventsPerSecond();
    }

    private static PhaseResult median(List<PhaseResult> rounds) {
      List<PhaseResult> sorted =
          rounds.stream().sorted(Comparator.comparingDouble(PhaseResult::eventsPerSecond)).toList();
      return sorted.get(sorted.size() / 2);
    }
  }

  private IngestComparison() {}

  /**
   * Runs the comparison; {@code progress} gets a line per step (warm-ups and every measured round).
   */
  static Outcome run(
      BaselineSender baseline,
      List<List<BaselineSender.Record>> records,
      HttpSender http,
      List<byte[]> bodies,
      Load load,
      Consumer<String> progress)
      throws Exception {
    progress.accept("Warming up the raw producer...");
    baseline.run(records, load.warmup() / load.batch(), load.batch(), load.clients());
    progress.accept("Warming up HTTP ingest...");
    http.run(bodies, load.warmup() / load.batch(), load.batch(), load.clients());
    List<PhaseResult> baselineRounds = new ArrayList<>();
    List<PhaseResult> httpRounds = new ArrayList<>();
    int batches = load.events() / load.batch();
    for (int round = 1; round <= load.rounds(); round++) {
      PhaseResult raw = baseline.run(records, batches, load.batch(), load.clients());
      progress.accept(raw.describe("raw Kafka producer") + "  [round " + round + "]");
      baselineRounds.add(raw);
      PhaseResult ingest = http.run(bodies, batches, load.batch(), load.clients());
      progress.accept(ingest.describe("HTTP ingest") + "  [round " + round + "]");
      httpRounds.add(ingest);
    }
    return new Outcome(baselineRounds, httpRounds);
  }

  /** How much each side sends: events per warm-up and per round, batch size, concurrent clients. */
  record Load(int warmup, int events, int batch, int clients, int rounds) {
    Load {
      if (rounds < 1 || events < batch || batch < 1 || clients < 1) {
        throw new IllegalArgumentException(
            "need at least one round, one batch of at least one event and one client");
      }
    }
  }
}
