package dev.cornjacket.http.internal;

import dev.cornjacket.config.KafkaSettings;
import dev.cornjacket.http.IngestProducerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes serialized raw envelopes to the raw topic and returns only once the broker acknowledged
 * every one of them ({@code acks=all}, idempotent), or throws within the configured produce
 * timeout. A batch is sent whole before waiting, so 10,000 events cost one wait, not 10,000 round
 * trips. Each batch is a {@code produce} span; its trace context goes into every record's headers
 * ({@code traceparent}, W3C) so that the event's journey through the topology is one trace.
 */
public final class RawEventPublisher implements AutoCloseable {

  /** One record to write: key is the device id, value the serialized envelope. */
  public record Outgoing(String key, byte[] value) {}

  private final Producer<String, byte[]> producer;
  private final String topic;
  private final Duration produceTimeout;
  private final Metric bufferAvailable;
  private final TextMapPropagator propagator;
  private final Tracer tracer;
  private final KafkaClientMetrics producerMetrics;

  private static final TextMapSetter<Headers> HEADERS =
      (headers, key, value) -> {
        if (headers != null) {
          headers.remove(key);
          headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
      };

  public RawEventPublisher(String bootstrap, KafkaSettings kafka, String topic) {
    this(bootstrap, kafka, topic, null, OpenTelemetry.noop());
  }

  /**
   * @param meters where the producer's metrics go ({@code null}: nowhere)
   * @param openTelemetry the tracer and the propagator of the record headers
   */
  public RawEventPublisher(
      String bootstrap,
      KafkaSettings kafka,
      String topic,
      MeterRegistry meters,
      OpenTelemetry openTelemetry) {
    this.topic = topic;
    this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    this.tracer = openTelemetry.getTracer("dev.cornjacket.http");
    this.produceTimeout = kafka.produceTimeout();
    this.producer =
        new KafkaProducer<>(
            IngestProducerConfig.of(bootstrap, kafka),
            new StringSerializer(),
            new ByteArraySerializer());
    this.bufferAvailable = findMetric(producer, "buffer-available-bytes");
    this.producerMetrics = meters == null ? null : new KafkaClientMetrics(producer);
    if (producerMetrics != null) {
      producerMetrics.bindTo(meters);
    }
  }

  /**
   * Sends every record and waits until all are acknowledged.
   *
   * @throws ApiException 429 when the producer's buffer cannot take the batch, 503 when the broker
   *     does not acknowledge within the produce timeout
   */
  public void publishAll(List<Outgoing> records) {
    Span span =
        tracer
            .spanBuilder("produce " + topic)
            .setSpanKind(SpanKind.PRODUCER)
            .setAttribute("messaging.system", "kafka")
            .setAttribute("messaging.destination.name", topic)
            .setAttribute("messaging.batch.message_count", records.size())
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      sendAndAwait(records);
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  private void sendAndAwait(List<Outgoing> records) {
    long deadline = System.nanoTime() + produceTimeout.toNanos();
    refuseWhenBufferIsFull(records);
    BatchAcknowledgement acks = new BatchAcknowledgement(records.size());
    Context context = Context.current();
    for (Outgoing record : records) {
      Headers headers = new RecordHeaders();
      propagator.inject(context, headers, HEADERS);
      try {
        producer.send(
            new ProducerRecord<>(topic, null, record.key(), record.value(), headers), acks);
      } catch (BufferExhaustedException e) {
        throw backpressure();
      } catch (KafkaException e) {
        throw brokerUnavailable("the broker cannot be reached: " + e.getMessage());
      }
    }
    acks.await(deadline);
  }

  private void refuseWhenBufferIsFull(List<Outgoing> records) {
    if (bufferAvailable == null) {
      return;
    }
    long needed = 0;
    for (Outgoing record : records) {
      needed += record.value().length + record.key().length() + 64;
    }
    Object available = bufferAvailable.metricValue();
    if (available instanceof Number n && n.doubleValue() < needed) {
      throw backpressure();
    }
  }

  private static ApiException backpressure() {
    return new ApiException(
        429,
        "backpressure",
        "ingest is saturated: the producer buffer is full; retry after the given delay",
        List.of(),
        Map.of("Retry-After", "1"));
  }

  private ApiException brokerUnavailable(String message) {
    return new ApiException(
        503,
        "broker_unavailable",
        message
            + "; nothing in this request was accepted, retry it (events with an event_id are"
            + " de-duplicated)",
        List.of(),
        Map.of("Retry-After", String.valueOf(Math.max(1, produceTimeout.toSeconds()))));
  }

  private static Metric findMetric(Producer<?, ?> producer, String name) {
    for (Map.Entry<MetricName, ? extends Metric> e : producer.metrics().entrySet()) {
      if (e.getKey().name().equals(name) && e.getKey().group().equals("producer-metrics")) {
        return e.getValue();
      }
    }
    return null;
  }

  @Override
  public void close() {
    if (producerMetrics != null) {
      producerMetrics.close();
    }
    producer.close(produceTimeout);
  }

  /** Counts acknowledgements of one batch and keeps the first failure. */
  private final class BatchAcknowledgement implements Callback {
    private final CountDownLatch pending;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    BatchAcknowledgement(int size) {
      this.pending = new CountDownLatch(size);
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (exception != null) {
        failure.compareAndSet(null, exception);
      }
      pending.countDown();
    }

    void await(long deadlineNanos) {
      boolean complete;
      try {
        complete = pending.await(deadlineNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw brokerUnavailable("interrupted while waiting for the broker");
      }
      if (!complete) {
        throw brokerUnavailable(
            "the broker did not acknowledge within " + produceTimeout.toMillis() + " ms");
      }
      Exception error = failure.get();
      if (error instanceof RetriableException) {
        throw brokerUnavailable("the broker did not acknowledge: " + error.getMessage());
      }
      if (error != null) {
        throw new ApiException(
            500, "produce_failed", "the broker refused the events: " + error.getMessage());
      }
    }
  }
}
