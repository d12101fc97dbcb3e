package dev.cornjacket.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three application processes on one broker and database; gateways send over HTTP and MQTT; one
 * process at a time is killed with SIGKILL at a random moment and restarted later, {@link
 * Chaos#KILLS} times. Every acknowledged event must be stored exactly once, every anomaly must have
 * its alert decision, and queries keep being answered by the others (their 503s are counted).
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class InstanceCrashIT {

  @Test
  void shouldStoreEveryAcknowledgedEventExactlyOnceAcrossKills() throws Exception {
    String prefix = "crash-";
    Ledger ledger = new Ledger();
    List<Integer> killedAt = new ArrayList<>();
    try (ChaosStack stack = ChaosStack.start("instance-crash")) {
      List<AppInstance> instances =
          new CopyOnWriteArrayList<>(
              List.of(stack.instance("a"), stack.instance("b"), stack.instance("c")));
      instances.getFirst().start(); // creates the topics and the schema
      for (AppInstance instance : instances.subList(1, 3)) {
        instance.startAsync();
      }
      for (AppInstance instance : instances) {
        instance.awaitReady(Duration.ofSeconds(120));
      }
      QueryProbe queries;
      try (EventLoad load =
          new EventLoad(stack, prefix, ledger, () -> instances, Chaos.EVENTS_PER_SECOND)) {
        load.start();
        queries = new QueryProbe(() -> instances);
        for (int kill = 0; kill < Chaos.KILLS; kill++) {
          Chaos.awaitAcknowledged(ledger, Chaos.randomStretch());
          AppInstance victim = instances.get(ThreadLocalRandom.current().nextInt(3));
          assertThat(victim.kill())
              .as("%s killed by SIGKILL", victim)
              .isEqualTo(AppInstance.SIGKILL_EXIT);
          killedAt.add((int) ledger.acknowledgedCount());
          Chaos.awaitAcknowledged(ledger, Chaos.randomStretch());
          victim.start();
          victim.awaitReady(Duration.ofSeconds(120));
        }
        // enough readings per device for anomalies, however fast the restarts were
        Chaos.awaitAcknowledged(
            ledger,
            Math.max(
                Chaos.randomStretch(),
                EventLoad.EVENTS_FOR_ANOMALIES - ledger.acknowledgedCount()));
        load.stop();
      }
      StoredEvents stored =
          StoredEvents.awaitAll(stack, prefix, ledger.acknowledgedIds(), Chaos.CATCH_UP);
      queries.close();
      Counts counts =
          Counts.of(
                  "instance crash (" + Chaos.KILLS + " SIGKILLs of 3 processes)",
                  ledger,
                  stored,
                  "killed at acknowledged " + killedAt + "; " + queries.summary())
              .print();
      AlertDecisions decisions = AlertDecisions.read(stack);
      System.out.println("CHAOS instance crash alert decisions: " + decisions);
      assertThat(decisions.anomalies()).as("anomalies scored (spiking devices)").isPositive();
      assertThat(decisions.undecided()).as("anomalies without an alert decision").isZero();
      assertThat(decisions.duplicateAnomalies()).as("anomalies written twice").isZero();
      assertThat(decisions.duplicateAlerts()).as("raised alerts written twice").isZero();
      assertThat(counts.missing()).as("acknowledged but not stored").isZero();
      assertThat(counts.duplicates()).as("rows stored more than once").isZero();
      assertThat(counts.acknowledged()).isPositive();
      assertThat(queries.answered()).as("queries answered meanwhile").isPositive();
      for (AppInstance instance : instances) {
        assertThat(instance.isAlive()).as("%s still running", instance).isTrue();
      }
    }
  }
}
