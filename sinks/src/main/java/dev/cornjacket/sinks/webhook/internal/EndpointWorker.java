package dev.cornjacket.sinks.webhook.internal;

import dev.cornjacket.sinks.webhook.EndpointStatus;
import dev.cornjacket.sinks.webhook.Signatures;
import dev.cornjacket.sinks.webhook.WebhookDelivery;
import dev.cornjacket.sinks.webhook.WebhookEndpoint;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to one endpoint, one at a time and in order, on its own thread, so that a slow or
 * dead endpoint never delays the others. Each attempt takes a permission from the endpoint's rate
 * limiter and the global one (waiting, never dropping), goes through the endpoint's circuit
 * breaker, and is recorded in {@code webhook_deliveries}. Retries back off exponentially with
 * jitter (resilience4j {@link Retry}), or by the receiver's {@code Retry-After} on 429/503 when
 * longer; 2xx is success, 4xx other than 408/429 is final. The last failure goes to the dead
 * letters.
 */
public final class EndpointWorker implements AutoCloseable {

  /** Header: the idempotency key. */
  public static final String ALERT_ID_HEADER = "X-Cornjacket-Alert-Id";

  /** Header: 1 for the first attempt, 2 for the first retry, ... */
  public static final String ATTEMPT_HEADER = "X-Cornjacket-Attempt";

  private static final Logger log = LoggerFactory.getLogger(EndpointWorker.class);
  private static final int RECENT = 20;
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);
  private static final double JITTER = 0.2;

  private final WebhookEndpoint endpoint;
  private final HttpClient http;
  private final RateLimiter global;
  private final RateLimiter own;
  private final CircuitBreaker breaker;
  private final RetryConfig retryConfig;
  private final DeliveryLog deliveryLog;
  private final WebhookDeadLetters deadLetters;
  private final Clock clock;
  private final BlockingQueue<Delivery> queue;
  private final Deque<WebhookDelivery> recent = new ArrayDeque<>();
  private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final Thread thread;
  private volatile boolean running = true;

  /** The outcome of one attempt. */
  private record Attempt(WebhookDelivery row, boolean retryable, long retryAfterMillis) {
    boolean delivered() {
      return WebhookDelivery.DELIVERED.equals(row.status());
    }
  }

  public EndpointWorker(
      WebhookEndpoint endpoint,
      HttpClient http,
      RateLimiter global,
      RateLimiter own,
      CircuitBreaker breaker,
      int retries,
      Duration backoff,
      int queueCapacity,
      DeliveryLog deliveryLog,
      WebhookDeadLetters deadLetters,
      MeterRegistry registry,
      Clock clock) {
    this.endpoint = endpoint;
    this.http = http;
    this.global = global;
    this.own = own;
    this.breaker = breaker;
    this.deliveryLog = deliveryLog;
    this.deadLetters = deadLetters;
    this.registry = registry;
    this.clock = clock;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    IntervalFunction exponential =
        IntervalFunction.ofExponentialRandomBackoff(backoff, 2.0, JITTER);
    this.retryConfig =
        RetryConfig.<Attempt>custom()
            .maxAttempts(retries + 1)
            .retryOnResult(Attempt::retryable)
            .intervalBiFunction(
                (attempt, either) -> {
                  long wait = exponential.apply(attempt);
                  return either.isRight() ? Math.max(wait, either.get().retryAfterMillis()) : wait;
                })
            .build();
    this.thread =
        Thread.ofPlatform()
            .name("webhook-" + endpoint.name())
            .daemon()
            .unstarted(this::deliverUntilClosed);
  }

  public void start() {
    thread.start();
  }

  public String name() {
    return endpoint.name();
  }

  /** Queues a delivery; {@code false} when the queue is full (the caller pauses reading). */
  public boolean offer(Delivery delivery) {
    return queue.offer(delivery);
  }

  /** Whether another delivery fits in the queue now. */
  public boolean hasRoom() {
    return queue.remainingCapacity() > 0;
  }

  public EndpointStatus status() {
    List<WebhookDelivery> latest;
    synchronized (recent) {
      latest = List.copyOf(recent);
    }
    return new EndpointStatus(
        endpoint.name(),
        endpoint.url().toString(),
        breaker.getState().name(),
        own == null ? -1 : own.getMetrics().getAvailablePermissions(),
        global.getMetrics().getAvailablePermissions(),
        queue.size(),
        (long) counter(WebhookDelivery.DELIVERED).count(),
        (long) counter(WebhookDelivery.DEAD_LETTERED).count(),
        latest);
  }

  private void deliverUntilClosed() {
    while (running) {
      Delivery delivery;
      try {
        delivery = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        deliver(delivery);
        delivery.onDone().run();
      } catch (RuntimeException e) {
        if (!running) {
          // closing: the outcome was not recorded, the offset stays uncommitted, so the alert is
          // delivered again after the restart (the receiver de-duplicates by alert id)
          return;
        }
        log.error(
            "Webhook {}: alert {} could not be finished; it stays uncommitted",
            endpoint.name(),
            delivery.alertId(),
            e);
      }
    }
  }

  private void deliver(Delivery delivery) {
    AtomicInteger attempts = new AtomicInteger();
    Retry retry = Retry.of(endpoint.name() + "/" + delivery.alertId(), retryConfig);
    Attempt last = retry.executeSupplier(() -> attempt(delivery, attempts.incrementAndGet()));
    if (!running) {
      throw new IllegalStateException("closed while delivering " + delivery.alertId());
    }
    if (last.delivered()) {
      return;
    }
    String reason =
        WebhookDelivery.REJECTED.equals(last.row().status())
            ? WebhookDeadLetters.REJECTED
            : WebhookDeadLetters.FAILED;
    String error =
        "after "
            + last.row().attempt()
            + " attempts to "
            + endpoint.name()
            + ": "
            + last.row().error();
    deadLetters.publish(delivery, endpoint.name(), reason, error);
    record(
        new WebhookDelivery(
            delivery.alertId(),
            endpoint.name(),
            last.row().attempt(),
            WebhookDelivery.DEAD_LETTERED,
            last.row().httpStatus(),
            null,
            error,
            clock.instant()));
    log.warn("Webhook {}: alert {} dead-lettered {}", endpoint.name(), delivery.alertId(), error);
  }

  private Attempt attempt(Delivery delivery, int attempt) {
    if (!running) {
      throw new IllegalStateException("closed");
    }
    Attempt result;
    if (!breaker.tryAcquirePermission()) {
      result =
          new Attempt(
              row(delivery, attempt, WebhookDelivery.CIRCUIT_OPEN, null, null, "circuit open"),
              true,
              0);
    } else {
      acquire(own);
      acquire(global);
      result = call(delivery, attempt);
    }
    record(result.row());
    return result;
  }

  private void acquire(RateLimiter limiter) {
    if (limiter != null && !limiter.acquirePermission()) {
      throw new IllegalStateException(
          "no permission from rate limiter " + limiter.getName() + " (closing?)");
    }
  }

  private Attempt call(Delivery delivery, int attempt) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.url())
            .timeout(endpoint.timeout())
            .header("Content-Type", "application/json")
            .header(ALERT_ID_HEADER, delivery.alertId())
            .header(ATTEMPT_HEADER, Integer.toString(attempt))
            .headers(
                endpoint
                    .secret()
                    .map(s -> new String[] {Signatures.HEADER, Signatures.sign(delivery.body(), s)})
                    .orElse(new String[] {"X-Cornjacket-Signed", "false"}))
            .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
            .build();
    long start = System.nanoTime();
    try {
      HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
      long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        breaker.onSuccess(latency, TimeUnit.MILLISECONDS);
        return new Attempt(
            row(delivery, attempt, WebhookDelivery.DELIVERED, status, latency, null), false, 0);
      }
      boolean retryable = status == 408 || status == 429 || status >= 500 || status < 200;
      String error = "HTTP " + status;
      if (retryable) {
        breaker.onError(latency, TimeUnit.MILLISECONDS, new IOException(error));
      } else {
        // the endpoint is up and answering: a refusal is no reason to open its circuit
        breaker.onSuccess(latency, TimeUnit.MILLISECONDS);
      }
      long retryAfter = status == 429 || status == 503 ? retryAfterMillis(response).orElse(0L) : 0L;
      String outcome = retryable ? WebhookDelivery.FAILED : WebhookDelivery.REJECTED;
      return new Attempt(
          row(delivery, attempt, outcome, status, latency, error), retryable, retryAfter);
    } catch (HttpTimeoutException e) {
      long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      breaker.onError(latency, TimeUnit.MILLISECONDS, e);
      return new Attempt(
          row(
              delivery,
              attempt,
              WebhookDelivery.TIMEOUT,
              null,
              latency,
              "no answer within " + endpoint.timeout()),
          true,
          0);
    } catch (IOException e) {
      long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      breaker.onError(latency, TimeUnit.MILLISECONDS, e);
      return new Attempt(
          row(delivery, attempt, WebhookDelivery.FAILED, null, latency, describe(e)), true, 0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while calling " + endpoint.name(), e);
    }
  }

  /** {@code Retry-After} in seconds or as an HTTP date, capped at 10 minutes. */
  private Optional<Long> retryAfterMillis(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            value -> {
              try {
                return Optional.of(Long.parseLong(value.strip()) * 1000);
              } catch (NumberFormatException e) {
                try {
                  ZonedDateTime at =
                      ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
                  return Optional.of(Duration.between(clock.instant(), at.toInstant()).toMillis());
                } catch (DateTimeParseException notADate) {
                  return Optional.empty();
                }
              }
            })
        .map(ms -> Math.clamp(ms, 0, MAX_RETRY_AFTER.toMillis()));
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private WebhookDelivery row(
      Delivery delivery,
      int attempt,
      String status,
      Integer httpStatus,
      Long latency,
      String error) {
    return new WebhookDelivery(
        delivery.alertId(),
        endpoint.name(),
        attempt,
        status,
        httpStatus,
        latency,
        error,
        clock.instant());
  }

  /** Records a row, retrying while PostgreSQL is unavailable: the offset waits for it. */
  private void record(WebhookDelivery row) {
    Instant firstTry = clock.instant();
    Retry retry =
        Retry.of(
            "record-" + endpoint.name(),
            RetryConfig.custom()
                .maxAttempts(Integer.MAX_VALUE)
                .waitDuration(Duration.ofSeconds(1))
                .retryOnException(e -> running)
                .build());
    retry
        .getEventPublisher()
        .onRetry(
            event ->
                log.warn(
                    "Webhook {}: recording attempt {} of alert {} failed (try {} since {}): {}",
                    endpoint.name(),
                    row.attempt(),
                    row.alertId(),
                    event.getNumberOfRetryAttempts(),
                    firstTry,
                    String.valueOf(event.getLastThrowable())));
    retry.executeRunnable(() -> deliveryLog.record(row));
    counter(row.status()).increment();
    synchronized (recent) {
      recent.addFirst(row);
      while (recent.size() > RECENT) {
        recent.removeLast();
      }
    }
  }

  private Counter counter(String status) {
    return outcomes.computeIfAbsent(
        status,
        s ->
            Counter.builder("cornjacket.webhooks.attempts")
                .description("Webhook delivery attempts and dead letters, by endpoint and status")
                .tag("endpoint", endpoint.name())
                .tag("status", s)
                .register(registry));
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
