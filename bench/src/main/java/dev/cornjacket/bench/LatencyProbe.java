package dev.cornjacket.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.app.simulate.SimulatedDevices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Follows a sample of acknowledged events to where a user sees them: the row in PostgreSQL, and the
 * device's state in the query API ({@code GET /api/v1/devices/{id}}: its sensor count includes the
 * event). Polls every few milliseconds; the latency of an event is from its {@code 202} to the poll
 * that first saw it.
 *
 * <p>A sample is asked for again after a twentieth of its age so far (at least {@value #POLL_NANOS}
 * ns, at most a quarter of a second): a latency is measured to within about 5 %, and the probe's
 * own load grows only with the logarithm of the latency it measures. When it asked for every
 * waiting sample on every poll, its load grew with the latency itself and made a slow instance
 * slower still (following one event in 20 at 5,000 events/s, 202 → queryable p50 3.1 s against 13
 * ms following one in 250). Keep the samples sparse all the same.
 *
 * <p>The API is asked at most {@value #MAX_QUERIES_PER_SECOND} times a second, the samples that
 * have waited longest for their check first. Backing off alone still let the queries grow with the
 * number of samples waiting: 150-180 {@code GET}s a second following 5 samples a second with a
 * latency of seconds, four times that at the default 20, which took about 0.45 cores of the two
 * (the benchmark's HTTP client and the instance's Jetty threads) while the latency it measured was
 * the instance's lack of CPU. With a latency under 500 ms a sample takes a few checks and the limit
 * is not reached; beyond it, checks come later than a twentieth of the age, and the latency is
 * measured less finely, never lower than it is.
 */
final class LatencyProbe implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long POLL_NANOS = 5_000_000;
  private static final long MAX_POLL_NANOS = 250_000_000;
  private static final int MAX_QUERIES_PER_SECOND = 150;

  private record Sample(String eventId, String deviceId, int expectedCount, long ackNanos) {}

  /**
   * A sample seen where a user sees it: {@code kind} {@code row} (in PostgreSQL) or {@code query}
   * (in the API), when it was acknowledged (wall clock, to line it up with the instance's log), and
   * after how long it was seen.
   */
  record Seen(String kind, String deviceId, Instant acknowledgedAt, double latencyMillis) {}

  /** A sample still waiting for one of the two checks, and when to check it next. */
  private static final class Waiting {
    final Sample sample;
    long dueNanos;

    Waiting(Sample sample) {
      this.sample = sample;
      this.dueNanos = sample.ackNanos();
    }

    boolean due(long now) {
      return now >= dueNanos;
    }

    /** Checked now and not there yet: next time after a twentieth of its age. */
    void checked(long now) {
      dueNanos = now + Math.clamp((now - sample.ackNanos()) / 20, POLL_NANOS, MAX_POLL_NANOS);
    }
  }

  private final String jdbcUrl;
  private final String apiBase;
  private final Map<String, AtomicInteger> acknowledgedPerDevice;
  private final ConcurrentLinkedQueue<Sample> incoming = new ConcurrentLinkedQueue<>();
  private final List<Waiting> pendingRow = new ArrayList<>();
  private final List<Waiting> pendingQuery = new ArrayList<>();
  private final Histogram toRowMicros = new Histogram(3);
  private final Histogram toQueryMicros = new Histogram(3);
  private final List<Seen> seenSamples = new ArrayList<>();
  // the wall clock at a known System.nanoTime(), to turn acknowledgement nanos into instants
  private final long wallMillisAtStart = System.currentTimeMillis();
  private final long nanosAtStart = System.nanoTime();
  private final int sampleEvery;
  private final AtomicInteger seen = new AtomicInteger();
  private final HttpClient client = HttpClient.newHttpClient();
  private double queryAllowance; // queries the probe may send now, up to a twentieth of a second's
  private long allowanceAt = System.nanoTime();
  private final Thread thread;
  private volatile boolean stopped;
  private volatile Throwable failure;

  /**
   * @param acknowledgedPerDevice events of each device acknowledged so far (counted on from here)
   */
  LatencyProbe(
      String jdbcUrl,
      String apiBase,
      Map<String, AtomicInteger> acknowledgedPerDevice,
      int sampleEvery) {
    this.jdbcUrl = jdbcUrl;
    this.apiBase = apiBase;
    this.acknowledgedPerDevice = acknowledgedPerDevice;
    this.sampleEvery = sampleEvery;
    this.thread = Thread.ofPlatform().name("latency-probe").start(this::poll);
  }

  /**
   * Counts an acknowledged event of {@code deviceId} in {@code perDevice}, as every phase does for
   * the probes that follow it; returns the device's count with it.
   */
  static int countAcknowledged(Map<String, AtomicInteger> perDevice, String deviceId) {
    return perDevice.computeIfAbsent(deviceId, d -> new AtomicInteger()).incrementAndGet();
  }

  /** Counts an acknowledged event and samples one in {@code sampleEvery}. */
  void acknowledged(SimulatedDevices.Generated event, long ackNanos) {
    int count = countAcknowledged(acknowledgedPerDevice, event.deviceId());
    if (seen.incrementAndGet() % sampleEvery == 0) {
      incoming.add(new Sample(event.eventId(), event.deviceId(), count, ackNanos));
    }
  }

  /** Waits until every sample was seen (or the timeout passed); returns how many are missing. */
  int drain(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && failure == null) {
      synchronized (this) {
        if (incoming.isEmpty() && pendingRow.isEmpty() && pendingQuery.isEmpty()) {
          return 0;
        }
      }
      Thread.sleep(50);
    }
    if (failure != null) {
      throw new IllegalStateException("The latency probe failed", failure);
    }
    synchronized (this) {
      return incoming.size() + pendingRow.size() + pendingQuery.size();
    }
  }

  synchronized Histogram toRow() {
    return toRowMicros.copy();
  }

  synchronized Histogram toQuery() {
    return toQueryMicros.copy();
  }

  /** Every sample seen so far, in the order seen, for each of the two checks. */
  synchronized List<Seen> seen() {
    return List.copyOf(seenSamples);
  }

  /** Records a sample seen {@code now}; call holding the lock. */
  private void recordSeen(String kind, Histogram into, Sample sample, long now) {
    long micros = Math.max(1, (now - sample.ackNanos()) / 1000);
    into.recordValue(micros);
    Instant acknowledged =
        Instant.ofEpochMilli(wallMillisAtStart + (sample.ackNanos() - nanosAtStart) / 1_000_000);
    seenSamples.add(new Seen(kind, sample.deviceId(), acknowledged, micros / 1000.0));
  }

  private void poll() {
    try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", "");
        PreparedStatement rows =
            db.prepareStatement("SELECT event_id FROM events WHERE event_id = ANY(?)")) {
      while (!stopped) {
        long start = System.nanoTime();
        synchronized (this) {
          Sample s;
          while ((s = incoming.poll()) != null) {
            pendingRow.add(new Waiting(s));
            pendingQuery.add(new Waiting(s));
          }
        }
        pollRows(rows);
        pollQueries();
        long left = POLL_NANOS - (System.nanoTime() - start);
        if (left > 0) {
          LockSupport.parkNanos(left);
        }
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  private void pollRows(PreparedStatement rows) throws Exception {
    List<Waiting> due = new ArrayList<>();
    long asked = System.nanoTime();
    synchronized (this) {
      for (Waiting w : pendingRow) {
        if (w.due(asked)) {
          due.add(w);
        }
      }
    }
    if (due.isEmpty()) {
      return;
    }
    rows.setArray(
        1,
        rows.getConnection()
            .createArrayOf("text", due.stream().map(w -> w.sample.eventId()).toArray()));
    Set<String> found = new HashSet<>();
    try (ResultSet r = rows.executeQuery()) {
      while (r.next()) {
        found.add(r.getString(1));
      }
    }
    long now = System.nanoTime();
    synchronized (this) {
      for (Waiting w : due) {
        if (found.contains(w.sample.eventId())) {
          recordSeen("row", toRowMicros, w.sample, now);
          pendingRow.remove(w);
        } else {
          w.checked(asked);
        }
      }
    }
  }

  private void pollQueries() throws Exception {
    Map<String, Integer> highest = new HashMap<>();
    List<Waiting> due = new ArrayList<>();
    long asked = System.nanoTime();
    queryAllowance =
        Math.min(
            MAX_QUERIES_PER_SECOND / 20.0,
            queryAllowance + (asked - allowanceAt) * MAX_QUERIES_PER_SECOND / 1e9);
    allowanceAt = asked;
    synchronized (this) {
      List<Waiting> waiting = new ArrayList<>();
      for (Waiting w : pendingQuery) {
        if (w.due(asked)) {
          waiting.add(w);
        }
      }
      waiting.sort(Comparator.comparingLong(w -> w.dueNanos)); // longest overdue first
      for (Waiting w : waiting) {
        if (!highest.containsKey(w.sample.deviceId()) && highest.size() >= (int) queryAllowance) {
          break; // the rest stay due, and come first next time
        }
        due.add(w);
        highest.merge(w.sample.deviceId(), w.sample.expectedCount(), Math::max);
      }
    }
    queryAllowance -= highest.size();
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    for (String device : highest.keySet()) {
      HttpResponse<byte[]> response =
          client.send(
              HttpRequest.newBuilder(URI.create(apiBase + "/api/v1/devices/" + device))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 200) {
        counts.put(device, JSON.readTree(response.body()).at("/counts/sensor").asInt());
      }
    }
    long now = System.nanoTime();
    synchronized (this) {
      for (Waiting w : due) {
        if (counts.getOrDefault(w.sample.deviceId(), 0) >= w.sample.expectedCount()) {
          recordSeen("query", toQueryMicros, w.sample, now);
          pendingQuery.remove(w);
        } else {
          w.checked(asked);
        }
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopped = true;
    thread.join();
    client.close();
  }
}
