package dev.cornjacket.sinks.webhook;

import dev.cornjacket.config.Rate;
import dev.cornjacket.sinks.webhook.internal.Delivery;
import dev.cornjacket.sinks.webhook.internal.DeliveryLog;
import dev.cornjacket.sinks.webhook.internal.EndpointWorker;
import dev.cornjacket.sinks.webhook.internal.OffsetWatermarks;
import dev.cornjacket.sinks.webhook.internal.WebhookDeadLetters;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.alert.Alert;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook action sink (role {@code actions}): reads {@code cj.alerts} ({@code read_committed}),
 * routes each alert by the {@link WebhookRules} and posts it to every matching endpoint, each
 * endpoint on its own worker with its own queue, rate limit and circuit breaker, under one global
 * rate limit. Alerts over a limit wait in the endpoint's bounded queue; when a queue is full the
 * dispatcher pauses its consumer until there is room, so nothing is dropped.
 *
 * <p>Offsets are committed only over a contiguous run of alerts whose every delivery outcome
 * (delivered, or dead-lettered after the last attempt) is recorded in {@code webhook_deliveries}: a
 * crash re-delivers at most the alerts in flight, which the receiver de-duplicates by {@code
 * X-Cornjacket-Alert-Id}.
 */
public final class WebhookDispatcher implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration PERMISSION_WAIT = Duration.ofDays(1);

  private final WebhookOptions options;
  private final Map<String, EndpointWorker> workers;
  private final RateLimiter global;
  private final WebhookDeadLetters deadLetters;
  private final OffsetWatermarks watermarks = new OffsetWatermarks();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Deque<ConsumerRecord<String, byte[]>> backlog = new ArrayDeque<>();
  private final Topic<String, Alert> alerts;
  private final Thread thread;
  private final AtomicInteger paused = new AtomicInteger();
  private volatile boolean running = true;
  private volatile String failure;

  private WebhookDispatcher(
      WebhookOptions options, DataSource dataSource, MeterRegistry registry, Clock clock) {
    this.options = options;
    this.alerts = options.topics().alerts();
    this.global = limiter("global", options.globalRate());
    this.deadLetters =
        new WebhookDeadLetters(options.bootstrap(), options.topics().deadLetters().name(), clock);
    DeliveryLog deliveryLog = new DeliveryLog(dataSource);
    HttpClient http =
        HttpClient.newBuilder()
            // plain HTTP/1.1: no h2c upgrade headers that simple receivers would trip over
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    Map<String, EndpointWorker> byName = new LinkedHashMap<>();
    for (WebhookEndpoint endpoint : options.rules().endpoints()) {
      CircuitBreaker breaker =
          CircuitBreaker.of(
              endpoint.name(),
              CircuitBreakerConfig.custom()
                  .slidingWindowSize(10)
                  .minimumNumberOfCalls(5)
                  .failureRateThreshold(50)
                  .waitDurationInOpenState(options.circuitOpenFor())
                  .permittedNumberOfCallsInHalfOpenState(1)
                  .automaticTransitionFromOpenToHalfOpenEnabled(true)
                  .build());
      byName.put(
          endpoint.name(),
          new EndpointWorker(
              endpoint,
              http,
              global,
              endpoint.rateLimit().map(r -> limiter(endpoint.name(), r)).orElse(null),
              breaker,
              options.retries(),
              options.backoff(),
              options.queue(),
              deliveryLog,
              deadLetters,
              registry,
              clock));
    }
    this.workers = byName;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                options.bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                options.groupId(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                IsolationLevel.READ_COMMITTED.toString(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                100,
                ConsumerConfig.CLIENT_ID_CONFIG,
                "cornjacket-webhooks"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    Gauge.builder("cornjacket.webhooks.in_flight", watermarks, OffsetWatermarks::inFlight)
        .description("Alerts read whose delivery outcomes are not all recorded yet")
        .register(registry);
    Gauge.builder("cornjacket.webhooks.paused", paused, AtomicInteger::get)
        .description("1 while reading is paused because an endpoint's queue is full")
        .register(registry);
    this.thread =
        Thread.ofPlatform().name("webhook-dispatcher").unstarted(this::dispatchUntilClosed);
  }

  /**
   * Starts the endpoint workers and the consumer; returns at once.
   *
   * @param dataSource a migrated database (it has {@code webhook_deliveries})
   */
  public static WebhookDispatcher start(
      WebhookOptions options, DataSource dataSource, MeterRegistry registry) {
    return start(options, dataSource, registry, Clock.systemUTC());
  }

  static WebhookDispatcher start(
      WebhookOptions options, DataSource dataSource, MeterRegistry registry, Clock clock) {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(registry, "registry");
    if (options.rules().endpoints().isEmpty()) {
      throw new IllegalArgumentException("options.rules must have at least one endpoint");
    }
    WebhookDispatcher dispatcher = new WebhookDispatcher(options, dataSource, registry, clock);
    dispatcher.workers.values().forEach(EndpointWorker::start);
    dispatcher.thread.start();
    log.info(
        "Webhook dispatcher started: {} endpoints, global limit {}, {} retries from {}",
        dispatcher.workers.size(),
        options.globalRate(),
        options.retries(),
        options.backoff());
    return dispatcher;
  }

  /**
   * Why the dispatcher stopped reading alerts, when an error stopped it; empty while it runs (and
   * after a normal close). No webhook is called any more after such a stop: the instance must be
   * restarted, so readiness reports it.
   */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** Every endpoint with its circuit, rate limits, queue and latest attempts. */
  public List<EndpointStatus> status() {
    return workers.values().stream().map(EndpointWorker::status).toList();
  }

  private static RateLimiter limiter(String name, Rate rate) {
    return RateLimiter.of(
        name,
        RateLimiterConfig.custom()
            .limitForPeriod(rate.permits())
            .limitRefreshPeriod(rate.period())
            .timeoutDuration(PERMISSION_WAIT)
            .build());
  }

  private void dispatchUntilClosed() {
    consumer.subscribe(List.of(alerts.name()), new Rebalance());
    try {
      while (running) {
        dispatchBacklog();
        if (backlog.isEmpty() && paused.get() == 1) {
          consumer.resume(consumer.paused());
          paused.set(0);
        } else if (!backlog.isEmpty() && paused.get() == 0) {
          consumer.pause(consumer.assignment());
          paused.set(1);
          log.info("Webhook queues are full: reading paused until there is room");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          backlog.addLast(record);
        }
        dispatchBacklog();
        commitDone();
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      log.error("Webhook dispatcher stopped", e);
    } finally {
      try {
        commitDone();
      } catch (RuntimeException e) {
        log.warn("Final offset commit of the webhook dispatcher failed", e);
      }
      consumer.close(Duration.ofSeconds(10));
    }
  }

  /** Hands alerts to their endpoints' queues, in order, as long as every target has room. */
  private void dispatchBacklog() {
    while (!backlog.isEmpty()) {
      ConsumerRecord<String, byte[]> record = backlog.peekFirst();
      TopicPartition tp = new TopicPartition(record.topic(), record.partition());
      Alert alert;
      try {
        alert = alerts.valueSerde().deserializer().deserialize(record.topic(), record.value());
      } catch (RuntimeException e) {
        backlog.pollFirst();
        OffsetWatermarks.Partition partition = watermarks.begin(tp, record.offset());
        Delivery unreadable = delivery(record, "(unreadable)", () -> {});
        deadLetters.publish(
            unreadable, null, WebhookDeadLetters.UNREADABLE, String.valueOf(e.getMessage()));
        partition.done(record.offset());
        continue;
      }
      List<EndpointWorker> targets =
          options.rules().targetsOf(alert).stream().map(e -> workers.get(e.name())).toList();
      if (!targets.stream().allMatch(EndpointWorker::hasRoom)) {
        return;
      }
      backlog.pollFirst();
      OffsetWatermarks.Partition partition = watermarks.begin(tp, record.offset());
      if (targets.isEmpty()) {
        partition.done(record.offset());
        continue;
      }
      AtomicInteger remaining = new AtomicInteger(targets.size());
      long offset = record.offset();
      Delivery delivery =
          delivery(
              record,
              alert.alertId(),
              () -> {
                if (remaining.decrementAndGet() == 0) {
                  partition.done(offset);
                }
              });
      for (EndpointWorker target : targets) {
        if (!target.offer(delivery)) {
          throw new IllegalStateException("queue of " + target.name() + " filled up unexpectedly");
        }
      }
    }
  }

  private static Delivery delivery(
      ConsumerRecord<String, byte[]> record, String alertId, Runnable onDone) {
    return new Delivery(
        alertId,
        record.key(),
        record.value(),
        record.topic(),
        record.partition(),
        record.offset(),
        onDone);
  }

  private void commitDone() {
    Map<TopicPartition, OffsetAndMetadata> offsets = watermarks.toCommit();
    offsets.keySet().retainAll(consumer.assignment());
    if (!offsets.isEmpty()) {
      consumer.commitSync(offsets);
      watermarks.committed(offsets);
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      commitDone();
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (paused.get() == 1) {
        consumer.pause(partitions);
      }
    }

    private void forget(Collection<TopicPartition> partitions) {
      partitions.forEach(watermarks::forget);
      List<ConsumerRecord<String, byte[]>> kept = new ArrayList<>(backlog);
      kept.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
      backlog.clear();
      backlog.addAll(kept);
    }
  }

  /**
   * Stops reading, commits what is done, and stops the workers; deliveries in flight are not
   * committed and are delivered again after a restart.
   */
  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(Duration.ofSeconds(20));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.values().forEach(EndpointWorker::close);
    deadLetters.close();
  }
}
