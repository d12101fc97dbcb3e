package dev.cornjacket.bench;

import org.HdrHistogram.Histogram;

/** What one measured phase achieved: rate and the latency of each batch's acknowledgement. */
record PhaseResult(
    long events, long nanos, long cpuNanos, Histogram batchLatencyMicros, long failures) {

  /** CPU microseconds the whole process spent per event (broker, server and clients). */
  double cpuMicrosPerEvent() {
    return events == 0 ? 0 : cpuNanos / 1e3 / events;
  }

  double eventsPerSecond() {
    return events / (nanos / 1e9);
  }

  double p50Millis() {
    return batchLatencyMicros.getValueAtPercentile(50) / 1000.0;
  }

  double p99Millis() {
    return batchLatencyMicros.getValueAtPercentile(99) / 1000.0;
  }

  String describe(String name) {
    return String.format(
        "%-20s %,10.0f events/s  (%,d events in %.2f s, %d failed batches)  ack p50 %.1f ms,"
            + " p99 %.1f ms, CPU %.1f us/event",
        name,
        eventsPerSecond(),
        events,
        nanos / 1e9,
        failures,
        p50Millis(),
        p99Millis(),
        cpuMicrosPerEvent());
  }

  String tableRow(String name) {
    return String.format(
        "| %s | %,.0f | %.1f ms | %.1f ms | %.1f µs |",
        name, eventsPerSecond(), p50Millis(), p99Millis(), cpuMicrosPerEvent());
  }
}
