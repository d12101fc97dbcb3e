package dev.cornjacket.mqtt.internal;

import java.time.Duration;

/** Delays between attempts that double from {@code initial} up to {@code max}. */
final class Backoff {

  private final Duration initial;
  private final Duration max;
  private Duration next; // guarded by this

  Backoff(Duration initial, Duration max) {
    this.initial = initial;
    this.max = max;
    this.next = initial;
  }

  synchronized Duration next() {
    Duration delay = next;
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return delay;
  }

  synchronized void reset() {
    next = initial;
  }
}
