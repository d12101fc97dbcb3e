package dev.cornjacket.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The broker and then the database stopped for {@link Chaos#OUTAGE} under HTTP and MQTT load, and
 * started again on the same data and port. Two application processes share the load.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class OutagesIT {

  private ChaosStack stack;
  private List<AppInstance> instances;

  @BeforeAll
  void startStack() throws Exception {
    stack = ChaosStack.start("outages");
    AppInstance first = stack.instance("a").env("CORNJACKET_KAFKA_PRODUCE_TIMEOUT", "3s").start();
    AppInstance second = stack.instance("b").env("CORNJACKET_KAFKA_PRODUCE_TIMEOUT", "3s").start();
    instances = List.of(first, second);
    for (AppInstance instance : instances) {
      instance.awaitReady(Duration.ofSeconds(120));
    }
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void shouldAnswer503WhileTheBrokerIsDownAndLoseNothing() throws Exception {
    String prefix = "broker-";
    Ledger ledger = new Ledger();
    long downFrom;
    long downUntil;
    long bridgeAcksEarly;
    long bridgeAcksLate;
    boolean readinessSawIt;
    try (EventLoad load =
        new EventLoad(stack, prefix, ledger, () -> instances, Chaos.EVENTS_PER_SECOND)) {
      load.start();
      Chaos.awaitAcknowledged(ledger, Chaos.randomStretch());

      stack.kafka().stop();
      downFrom = System.nanoTime();
      long outageEnds = downFrom + Chaos.OUTAGE.toNanos();
      AppInstance probe = instances.getFirst();
      // readiness reports the broker down
      readinessSawIt =
          awaitDuring(outageEnds, () -> "DOWN".equals(Readiness.of(probe).check("kafka")));
      // the bridge no longer acknowledges to the MQTT broker: its count stands still
      await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
      bridgeAcksEarly = Readiness.of(probe).detail("mqtt", "acknowledged");
      awaitUntil(outageEnds);
      bridgeAcksLate = Readiness.of(probe).detail("mqtt", "acknowledged");
      downUntil = System.nanoTime();
      stack.kafka().start();

      Chaos.awaitAcknowledged(ledger, Chaos.randomStretch());
      load.stop();
    }
    StoredEvents stored =
        StoredEvents.awaitAll(stack, prefix, ledger.acknowledgedIds(), Chaos.CATCH_UP);
    long acceptedWhileDown = ledger.httpAcceptedWithin(downFrom, downUntil);
    Counts counts =
        Counts.of(
                "broker outage (" + Chaos.OUTAGE.toSeconds() + " s)",
                ledger,
                stored,
                "HTTP 202 while down "
                    + acceptedWhileDown
                    + "; bridge acknowledgements during the outage "
                    + bridgeAcksEarly
                    + " -> "
                    + bridgeAcksLate)
            .print();
    assertThat(acceptedWhileDown).as("202 answers while the broker was down").isZero();
    assertThat(counts.ingest503()).as("503 answers while the broker was down").isPositive();
    assertThat(readinessSawIt).as("/health/ready reported the broker down").isTrue();
    assertThat(bridgeAcksLate)
        .as("MQTT acknowledgements withheld while the broker was down")
        .isEqualTo(bridgeAcksEarly);
    assertThat(counts.missing()).as("acknowledged but not stored").isZero();
    assertThat(counts.duplicates()).as("rows stored more than once").isZero();
  }

  @Test
  @Order(2)
  void shouldPauseTheSinksWhileTheDatabaseIsDownAndLoseNothing() throws Exception {
    for (AppInstance instance : instances) {
      instance.awaitReady(Duration.ofSeconds(120));
    }
    String prefix = "database-";
    Ledger ledger = new Ledger();
    boolean readinessSawIt;
    AtomicLong acceptedWhileDown = new AtomicLong();
    try (EventLoad load =
        new EventLoad(stack, prefix, ledger, () -> instances, Chaos.EVENTS_PER_SECOND)) {
      load.start();
      Chaos.awaitAcknowledged(ledger, Chaos.randomStretch());

      stack.postgres().stop();
      long downFrom = System.nanoTime();
      long acknowledgedAtStop = ledger.acknowledgedCount();
      long outageEnds = downFrom + Chaos.OUTAGE.toNanos();
      readinessSawIt =
          awaitDuring(
              outageEnds, () -> "DOWN".equals(Readiness.of(instances.getLast()).check("postgres")));
      awaitUntil(outageEnds);
      // ingest does not depend on the database: it goes on accepting
      acceptedWhileDown.set(ledger.acknowledgedCount() - acknowledgedAtStop);
      stack.postgres().start();

      Chaos.awaitAcknowledged(ledger, Chaos.randomStretch());
      load.stop();
    }
    StoredEvents stored =
        StoredEvents.awaitAll(stack, prefix, ledger.acknowledgedIds(), Chaos.CATCH_UP);
    Counts counts =
        Counts.of(
                "database outage (" + Chaos.OUTAGE.toSeconds() + " s)",
                ledger,
                stored,
                "acknowledged while the database was down " + acceptedWhileDown)
            .print();
    assertThat(readinessSawIt).as("/health/ready reported the database down").isTrue();
    assertThat(acceptedWhileDown.get()).as("ingest went on meanwhile").isPositive();
    assertThat(counts.missing()).as("acknowledged but not stored").isZero();
    assertThat(counts.duplicates()).as("rows stored more than once").isZero();
    for (AppInstance instance : instances) {
      assertThat(instance.isAlive()).as("%s still running", instance).isTrue();
    }
  }

  /** Polls {@code condition} until it holds or {@code deadlineNanos}; whether it held. */
  private static boolean awaitDuring(
      long deadlineNanos, java.util.concurrent.Callable<Boolean> condition) {
    long left = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
    try {
      await().atMost(Duration.ofMillis(left)).pollInterval(Duration.ofMillis(250)).until(condition);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  /** Lets the outage last until {@code deadlineNanos} (the load goes on meanwhile). */
  private static void awaitUntil(long deadlineNanos) {
    await()
        .atMost(
            Duration.ofMillis(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000) + 5_000))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> System.nanoTime() >= deadlineNanos);
  }
}
