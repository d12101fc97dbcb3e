package dev.cornjacket.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Instances added and removed gracefully (SIGTERM: the application leaves the groups and closes in
 * order) while the gateways send: one instance grows to three, then shrinks to one, and every
 * acknowledged event is stored exactly once.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class RebalanceIT {

  @Test
  void shouldStoreEveryAcknowledgedEventExactlyOnceWhileInstancesComeAndGo() throws Exception {
    String prefix = "rebalance-";
    Ledger ledger = new Ledger();
    List<String> steps = new ArrayList<>();
    try (ChaosStack stack = ChaosStack.start("rebalance")) {
      List<AppInstance> running = new CopyOnWriteArrayList<>();
      running.add(stack.instance("a").start());
      running.getFirst().awaitReady(Duration.ofSeconds(120));
      QueryProbe queries;
      try (EventLoad load =
          new EventLoad(stack, prefix, ledger, () -> running, Chaos.EVENTS_PER_SECOND)) {
        load.start();
        queries = new QueryProbe(() -> running);
        for (String id : List.of("b", "c")) {
          Chaos.awaitAcknowledged(ledger, Chaos.randomStretch());
          AppInstance joining = stack.instance(id).start();
          joining.awaitReady(Duration.ofSeconds(120)); // its MQTT bridge subscribed too
          running.add(joining);
          steps.add("+" + id + "@" + ledger.acknowledgedCount());
        }
        for (int i = 0; i < 2; i++) {
          Chaos.awaitAcknowledged(ledger, Chaos.randomStretch());
          AppInstance leaving = running.removeFirst();
          assertThat(leaving.stop()).as("%s exit value after SIGTERM", leaving).isIn(0, 143);
          steps.add("-" + leaving.id() + "@" + ledger.acknowledgedCount());
        }
        Chaos.awaitAcknowledged(ledger, Chaos.randomStretch());
        load.stop();
      }
      StoredEvents stored =
          StoredEvents.awaitAll(stack, prefix, ledger.acknowledgedIds(), Chaos.CATCH_UP);
      queries.close();
      Counts counts =
          Counts.of(
                  "rebalance (1 -> 3 -> 1 instances)",
                  ledger,
                  stored,
                  "steps " + steps + "; " + queries.summary())
              .print();
      assertThat(counts.missing()).as("acknowledged but not stored").isZero();
      assertThat(counts.duplicates()).as("rows stored more than once").isZero();
      assertThat(ledger.outcomeCount("http connection failed"))
          .as("requests refused by an instance leaving gracefully")
          .isZero();
    }
  }
}
