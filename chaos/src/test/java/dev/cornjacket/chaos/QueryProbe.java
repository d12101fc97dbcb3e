package dev.cornjacket.chaos;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A query client asking a running instance (at random) for a device every 100 ms while a test
 * breaks things: counts the answers by status, the {@code 503}s, and the longest stretch during
 * which every answer was a {@code 503} or no answer.
 */
final class QueryProbe implements AutoCloseable {

  private final Supplier<List<AppInstance>> targets;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, LongAdder> statuses = new ConcurrentSkipListMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;
  private volatile long unavailableSince = -1;
  private volatile long longestUnavailableMillis;
  private volatile long answered;

  QueryProbe(Supplier<List<AppInstance>> targets) {
    this.targets = targets;
    this.thread = Thread.ofVirtual().name("query-probe").start(this::run);
  }

  private void run() {
    while (running.get()) {
      List<AppInstance> live = targets.get().stream().filter(AppInstance::isServing).toList();
      if (!live.isEmpty()) {
        AppInstance target = live.get(ThreadLocalRandom.current().nextInt(live.size()));
        record(ask(target));
      }
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private String ask(AppInstance target) {
    String device = "dev-" + ThreadLocalRandom.current().nextInt(40);
    try {
      return Integer.toString(
          http.send(
                  HttpRequest.newBuilder(target.uri("/api/v1/devices/" + device))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.discarding())
              .statusCode());
    } catch (IOException e) {
      return "no answer";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private void record(String status) {
    statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
    long now = System.nanoTime();
    if (status.equals("200") || status.equals("404")) {
      answered++;
      unavailableSince = -1;
    } else if (unavailableSince < 0) {
      unavailableSince = now;
    } else {
      longestUnavailableMillis =
          Math.max(longestUnavailableMillis, (now - unavailableSince) / 1_000_000);
    }
  }

  long count(String status) {
    LongAdder n = statuses.get(status);
    return n == null ? 0 : n.sum();
  }

  /** Answers with a device (200) or a clean "no such device" (404). */
  long answered() {
    return answered;
  }

  long longestUnavailableMillis() {
    return longestUnavailableMillis;
  }

  String summary() {
    return "queries "
        + statuses
        + ", longest stretch without an answer "
        + longestUnavailableMillis
        + " ms";
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.interrupt();
    thread.join(10_000);
  }
}
