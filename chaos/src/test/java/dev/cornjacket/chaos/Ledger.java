package dev.cornjacket.chaos;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients of a test sent and what was acknowledged to them: every event id sent, every id
 * acknowledged (HTTP {@code 202}, MQTT PUBACK), and how the other attempts ended.
 */
final class Ledger {

  private final AtomicLong sent = new AtomicLong();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final Map<String, LongAdder> outcomes = new ConcurrentSkipListMap<>();
  private final LongAdder unavailable = new LongAdder();

  private final java.util.Queue<long[]> httpAcceptedTimes =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** An HTTP 202: when its request started and when the answer came (System.nanoTime). */
  void httpAccepted(long startNanos, long endNanos) {
    httpAcceptedTimes.add(new long[] {startNanos, endNanos});
  }

  /** The 202s whose request started after {@code fromNanos} and ended before {@code toNanos}. */
  long httpAcceptedWithin(long fromNanos, long toNanos) {
    return httpAcceptedTimes.stream().filter(t -> t[0] > fromNanos && t[1] < toNanos).count();
  }

  void sent() {
    sent.incrementAndGet();
  }

  void acknowledged(String eventId) {
    acknowledged.add(eventId);
  }

  /** Counts how an attempt ended, e.g. {@code http 202}, {@code http 503}, {@code mqtt error}. */
  void outcome(String outcome) {
    outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
    if (outcome.endsWith(" 503")) {
      unavailable.increment();
    }
  }

  long sentCount() {
    return sent.get();
  }

  Set<String> acknowledgedIds() {
    return Set.copyOf(acknowledged);
  }

  long acknowledgedCount() {
    return acknowledged.size();
  }

  long unavailableCount() {
    return unavailable.sum();
  }

  long outcomeCount(String outcome) {
    LongAdder n = outcomes.get(outcome);
    return n == null ? 0 : n.sum();
  }

  Map<String, Long> outcomes() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    outcomes.forEach((k, v) -> copy.put(k, v.sum()));
    return copy;
  }
}
