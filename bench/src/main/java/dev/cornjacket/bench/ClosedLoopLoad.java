package dev.cornjacket.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Closed-loop load: {@code clients} senders each take the next batch, send it, wait until it is
 * acknowledged, and record how long that took. The same loop drives the baseline and the HTTP side
 * so that their figures compare.
 */
final class ClosedLoopLoad {

  /** Sends one batch and returns whether all of it was acknowledged. */
  @FunctionalInterface
  interface BatchSender<T> {
    boolean sendAndAwait(T batch) throws Exception;
  }

  private ClosedLoopLoad() {}

  /**
   * Sends {@code totalBatches} batches, cycling through {@code distinctBatches}: a fixed pool keeps
   * memory flat however long the run, and the events still differ within any window of time.
   */
  static <T> PhaseResult run(
      List<T> distinctBatches, int totalBatches, int batchSize, int clients, BatchSender<T> sender)
      throws Exception {
    Recorder latencies = new Recorder(3);
    AtomicInteger next = new AtomicInteger();
    AtomicLong events = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long cpuStart = processCpuNanos();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<Void>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < totalBatches) {
                    long t0 = System.nanoTime();
                    boolean acknowledged =
                        sender.sendAndAwait(distinctBatches.get(i % distinctBatches.size()));
                    latencies.recordValue((System.nanoTime() - t0) / 1000);
                    if (acknowledged) {
                      events.addAndGet(batchSize);
                    } else {
                      failures.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<Void> f : running) {
        f.get();
      }
    }
    long nanos = System.nanoTime() - start;
    return new PhaseResult(
        events.get(),
        nanos,
        processCpuNanos() - cpuStart,
        latencies.getIntervalHistogram(),
        failures.get());
  }

  /** CPU time of the whole process: broker, server and clients all run in it. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
