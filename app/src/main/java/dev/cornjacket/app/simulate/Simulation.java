package dev.cornjacket.app.simulate;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends generated device events to a target at a steady rate: events due by the clock go out in
 * batches of up to {@code batchSize}, at most {@code concurrency} batches awaiting their answer at
 * once (when the target is slower than the rate, the rate drops and the progress line shows it).
 * Counts sent, accepted, rejected and failed events and the acknowledgement latency of each batch.
 */
public final class Simulation {

  /**
   * How to run.
   *
   * @param rate events per second
   * @param duration how long; {@link Duration#ZERO} runs until {@link #stop()}
   * @param batchSize most events per request
   * @param concurrency most batches awaiting their answer
   * @param linger longest wait to fill a batch at low rates
   * @param maxEvents stop after this many events; 0 means no limit
   */
  public record Options(
      double rate,
      Duration duration,
      int batchSize,
      int concurrency,
      Duration linger,
      long maxEvents) {

    public Options(
        double rate, Duration duration, int batchSize, int concurrency, Duration linger) {
      this(rate, duration, batchSize, concurrency, linger, 0);
    }

    /** The same options, stopping after {@code events} events. */
    public Options withMaxEvents(long events) {
      return new Options(rate, duration, batchSize, concurrency, linger, events);
    }

    public Options {
      if (maxEvents < 0) {
        throw new IllegalArgumentException("maxEvents must not be negative, got " + maxEvents);
      }
      if (!(rate > 0)) {
        throw new IllegalArgumentException("--rate must be above 0, got " + rate);
      }
      Objects.requireNonNull(duration, "duration");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("--duration must not be negative, got " + duration);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("--batch must be at least 1, got " + batchSize);
      }
      if (concurrency < 1) {
        throw new IllegalArgumentException("--clients must be at least 1, got " + concurrency);
      }
    }
  }

  /** One acknowledged batch, for callers that follow events further (the end-to-end benchmark). */
  public record Acknowledged(
      List<SimulatedDevices.Generated> events, long sentNanos, long ackNanos) {}

  /** Stop after this many batches in a row failed completely: the target is gone. */
  private static final int FAILED_BATCHES_TO_GIVE_UP = 20;

  private final SimulatedDevices devices;
  private final EventSink sink;
  private final Options options;
  private final Consumer<Acknowledged> listener;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong failedInARow = new AtomicLong();
  private final Map<SimulatedDevices.Kind, AtomicLong> kinds =
      new EnumMap<>(SimulatedDevices.Kind.class);
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final Recorder latencyMicros = new Recorder(3);
  private final Histogram total = new Histogram(3);
  private volatile boolean stopped;
  private volatile long startNanos;
  private volatile long endNanos;

  public Simulation(
      SimulatedDevices devices, EventSink sink, Options options, Consumer<Acknowledged> listener) {
    this.devices = Objects.requireNonNull(devices, "devices");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.options = Objects.requireNonNull(options, "options");
    this.listener = listener == null ? a -> {} : listener;
    for (SimulatedDevices.Kind kind : SimulatedDevices.Kind.values()) {
      kinds.put(kind, new AtomicLong());
    }
  }

  /** Asks a running simulation to stop after the batches in flight. */
  public void stop() {
    stopped = true;
  }

  /**
   * Runs until the duration is over or {@link #stop()}, printing a progress line every second to
   * {@code progress} when it is not {@code null}; returns once every batch has its answer.
   *
   * @throws SimulationException when the target stops answering
   */
  public Summary run(PrintWriter progress) throws InterruptedException {
    sink.check();
    Semaphore inFlight = new Semaphore(options.concurrency());
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    startNanos = System.nanoTime();
    long[] previous = {0, startNanos};
    if (progress != null) {
      ticker.scheduleAtFixedRate(() -> printProgress(progress, previous), 1, 1, TimeUnit.SECONDS);
    }
    try {
      long deadline =
          options.duration().isZero() ? Long.MAX_VALUE : startNanos + options.duration().toNanos();
      long generated = 0;
      long lastSend = startNanos;
      long lingerNanos = options.linger().toNanos();
      long limit = options.maxEvents() == 0 ? Long.MAX_VALUE : options.maxEvents();
      while (!stopped && System.nanoTime() < deadline && generated < limit) {
        if (failedInARow.get() >= FAILED_BATCHES_TO_GIVE_UP) {
          throw new SimulationException(
              "Stopped: the last "
                  + FAILED_BATCHES_TO_GIVE_UP
                  + " batches to "
                  + sink.target()
                  + " failed ("
                  + lastError.get()
                  + ")");
        }
        long now = System.nanoTime();
        long due = (long) (options.rate() * (now - startNanos) / 1e9) - generated;
        if (due <= 0 || (due < options.batchSize() && now - lastSend < lingerNanos)) {
          LockSupport.parkNanos(untilNextBatch(due, now - lastSend, lingerNanos));
          continue;
        }
        if (!inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        int n = (int) Math.min(Math.min(due, options.batchSize()), limit - generated);
        List<SimulatedDevices.Generated> batch = new ArrayList<>(n);
        long wallMillis = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
          SimulatedDevices.Generated event = devices.next(wallMillis);
          kinds.get(event.kind()).incrementAndGet();
          batch.add(event);
        }
        generated += n;
        lastSend = now;
        sent.addAndGet(n);
        long sentNanos = System.nanoTime();
        sink.send(batch)
            .whenComplete(
                (outcome, error) -> {
                  try {
                    record(batch, outcome, error, sentNanos);
                  } finally {
                    inFlight.release();
                  }
                });
      }
      inFlight.acquire(options.concurrency()); // every answer is in
      inFlight.release(options.concurrency());
    } finally {
      endNanos = System.nanoTime();
      ticker.shutdownNow();
    }
    return summary();
  }

  /**
   * How long to wait before looking again: until the batch is full or its linger is over, whichever
   * comes first (at most 2 ms, so that a stop is seen). Waking up for every event instead cost the
   * end-to-end benchmark thousands of wake-ups a second on the cores it measures.
   */
  private long untilNextBatch(long due, long sinceLastSend, long lingerNanos) {
    double nanosPerEvent = 1e9 / options.rate();
    long untilFull = (long) ((options.batchSize() - Math.max(due, 0)) * nanosPerEvent);
    long untilLingerOver = due > 0 ? lingerNanos - sinceLastSend : untilFull;
    return Math.clamp(Math.min(untilFull, untilLingerOver), 10_000L, 2_000_000L);
  }

  private void record(
      List<SimulatedDevices.Generated> batch,
      EventSink.Outcome outcome,
      Throwable error,
      long sentNanos) {
    long ackNanos = System.nanoTime();
    int events = batch.size();
    if (error != null) {
      outcome = EventSink.Outcome.failure(events, HttpEventSink.describe(error));
    }
    latencyMicros.recordValue(Math.max(1, (ackNanos - sentNanos) / 1000));
    accepted.addAndGet(outcome.acceptedIds().size());
    rejected.addAndGet(outcome.rejected());
    failed.addAndGet(outcome.failed());
    if (outcome.error() != null) {
      lastError.set(outcome.error());
    }
    if (outcome.failed() == events) {
      failedInARow.incrementAndGet();
    } else {
      failedInARow.set(0);
    }
    if (!outcome.acceptedIds().isEmpty()) {
      java.util.Set<String> ids = new java.util.HashSet<>(outcome.acceptedIds());
      List<SimulatedDevices.Generated> acknowledged =
          batch.stream().filter(e -> ids.contains(e.eventId())).toList();
      listener.accept(new Acknowledged(acknowledged, sentNanos, ackNanos));
    }
  }

  private synchronized void printProgress(PrintWriter out, long[] previous) {
    long now = System.nanoTime();
    long sentNow = sent.get();
    Histogram interval = latencyMicros.getIntervalHistogram();
    total.add(interval);
    double rate = (sentNow - previous[0]) / ((now - previous[1]) / 1e9);
    previous[0] = sentNow;
    previous[1] = now;
    String error =
        failed.get() > 0 && lastError.get() != null ? "  last error: " + lastError.get() : "";
    out.printf(
        Locale.ROOT,
        "[%5.0fs] sent %,d  accepted %,d  rejected %,d  failed %,d  rate %,.0f/s  ack p50 %s"
            + " p99 %s%s%n",
        (now - startNanos) / 1e9,
        sentNow,
        accepted.get(),
        rejected.get(),
        failed.get(),
        rate,
        millis(interval, 50),
        millis(interval, 99),
        error);
    out.flush();
  }

  private static String millis(Histogram h, double percentile) {
    return h.getTotalCount() == 0
        ? "-"
        : String.format(Locale.ROOT, "%.1f ms", h.getValueAtPercentile(percentile) / 1000.0);
  }

  /** The figures so far (complete once {@link #run} returned). */
  public synchronized Summary summary() {
    total.add(latencyMicros.getIntervalHistogram());
    long end = endNanos == 0 ? System.nanoTime() : endNanos;
    Map<SimulatedDevices.Kind, Long> byKind = new EnumMap<>(SimulatedDevices.Kind.class);
    kinds.forEach((k, v) -> byKind.put(k, v.get()));
    return new Summary(
        sink.target(),
        sent.get(),
        accepted.get(),
        rejected.get(),
        failed.get(),
        byKind,
        (end - startNanos) / 1e9,
        total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(50) / 1000.0,
        total.getTotalCount() == 0 ? 0 : total.getValueAtPercentile(99) / 1000.0,
        lastError.get());
  }

  /** What a run did. */
  public record Summary(
      String target,
      long sent,
      long accepted,
      long rejected,
      long failed,
      Map<SimulatedDevices.Kind, Long> kinds,
      double seconds,
      double ackP50Millis,
      double ackP99Millis,
      String lastError) {

    public double eventsPerSecond() {
      return seconds <= 0 ? 0 : sent / seconds;
    }

    /** A few lines for a person. */
    public String describe() {
      return String.format(
          Locale.ROOT,
          "Sent %,d events to %s in %.1f s (%,.0f/s): accepted %,d, rejected %,d, failed %,d%n"
              + "  generated: %,d normal, %,d with an anomaly, %,d duplicates, %,d invalid%n"
              + "  acknowledgement latency per batch: p50 %.1f ms, p99 %.1f ms%s",
          sent,
          target,
          seconds,
          eventsPerSecond(),
          accepted,
          rejected,
          failed,
          kinds.getOrDefault(SimulatedDevices.Kind.NORMAL, 0L),
          kinds.getOrDefault(SimulatedDevices.Kind.ANOMALY, 0L),
          kinds.getOrDefault(SimulatedDevices.Kind.DUPLICATE, 0L),
          kinds.getOrDefault(SimulatedDevices.Kind.INVALID, 0L),
          ackP50Millis,
          ackP99Millis,
          lastError == null ? "" : "%n  last error: ".formatted() + lastError);
    }
  }
}
