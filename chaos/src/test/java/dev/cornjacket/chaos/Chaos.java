package dev.cornjacket.chaos;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The sizes of the chaos run (system properties: the CI size by default, see the pom). */
final class Chaos {

  /** How long the broker and the database are down. */
  static final Duration OUTAGE =
      Duration.parse("PT" + System.getProperty("cornjacket.chaos.outage", "10s").toUpperCase());

  /** How many times an instance is killed. */
  static final int KILLS = Integer.getInteger("cornjacket.chaos.kills", 2);

  /** Events per second the gateways send, HTTP and MQTT together. */
  static final int EVENTS_PER_SECOND =
      Integer.getInteger("cornjacket.chaos.events-per-second", 150);

  /**
   * How long the pipeline may go without storing a further event or reading a further record, after
   * the faults, before a missing event counts as lost (see {@link StoredEvents#awaitAll}).
   */
  static final Duration CATCH_UP = Duration.ofSeconds(150);

  private Chaos() {}

  /** Waits until {@code more} further events were acknowledged (the load goes on meanwhile). */
  static void awaitAcknowledged(Ledger ledger, long more) {
    long target = ledger.acknowledgedCount() + more;
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> ledger.acknowledgedCount() >= target);
  }

  /** A random count of events, between one and three seconds of load. */
  static long randomStretch() {
    return ThreadLocalRandom.current().nextLong(EVENTS_PER_SECOND, 3L * EVENTS_PER_SECOND);
  }
}
