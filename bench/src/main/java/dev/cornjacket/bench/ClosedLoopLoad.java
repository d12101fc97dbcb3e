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

  static <T> PhaseResult run(List<T> batches, int batchSize, int clients, BatchSender<T> sender)
      throws Exception {
    Recorder latencies = new Recorder(3);
    AtomicInteger next = new AtomicInteger();
    AtomicLong events = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      List<Future<Void>> running = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        running.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < batches.size()) {
                    long t0 = System.nanoTime();
                    boolean acknowledged = sender.sendAndAwait(batches.get(i));
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
    return new PhaseResult(
        events.get(), System.nanoTime() - start, latencies.getIntervalHistogram(), failures.get());
  }
}
