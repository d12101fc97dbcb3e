package dev.cornjacket.topology;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams exception handlers that send a poison record to the dead-letter topic, in the
 * {@link DeadLetters} format, count it and continue: a bad record can neither stop the application
 * nor vanish. They use Kafka's own dead-letter support (KIP-1034): each returns {@code
 * Response.resume(deadLetters)} and Kafka Streams produces the dead letter in the same transaction
 * as the task's output.
 *
 * <p>Set all three, with the dead-letter topic and the metrics, through {@link
 * CornjacketTopology#streamsProperties(TopologyConfig)}. The dead letter carries the original
 * record as it was read from its source topic (key and value bytes), reason {@value
 * DeadLetters#DESERIALIZATION_ERROR}, {@value DeadLetters#PROCESSING_ERROR} or {@value
 * DeadLetters#PRODUCTION_ERROR}, the exception as message, the processor node's name as stage, and
 * source {@value DeadLetters#UNKNOWN_SOURCE}.
 *
 * <p>Two cases do not resume: a retriable send error (the production handler answers {@code retry},
 * as Kafka's default handler does), and a failure to produce a dead letter itself (the application
 * fails rather than lose it).
 */
public final class DeadLetterHandlers {

  /**
   * Streams property holding the {@link TopologyMetrics} instance the handlers count with; optional
   * (no counting without it).
   */
  public static final String METRICS_CONFIG = "cornjacket.topology.metrics";

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterHandlers.class);

  private DeadLetterHandlers() {}

  /** The configuration that the handlers read, as {@link CornjacketTopology} sets it. */
  static Map<String, Object> properties(TopologyConfig config) {
    return Map.of(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
        Deserialization.class,
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
        Processing.class,
        // also for global stores (there are none yet): the default from Kafka 5.0 on
        StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG,
        true,
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        Production.class,
        StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
        config.topics().deadLetters().name(),
        METRICS_CONFIG,
        config.metrics());
  }

  /** What the three handlers share: configuration and building the dead letter. */
  abstract static class DeadLetterHandler implements Configurable {

    private final Clock clock;
    private String deadLetterTopic;
    private TopologyMetrics metrics = TopologyMetrics.noop();

    DeadLetterHandler(Clock clock) {
      this.clock = clock;
    }

    @Override
    public void configure(Map<String, ?> configs) {
      Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
      if (!(topic instanceof String name) || name.isBlank()) {
        throw new ConfigException(
            StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
            topic,
            "must name the dead-letter topic; take it from CornjacketTopology.streamsProperties");
      }
      deadLetterTopic = name;
      Object configured = configs.get(METRICS_CONFIG);
      if (configured != null) {
        if (!(configured instanceof TopologyMetrics given)) {
          throw new ConfigException(
              METRICS_CONFIG, configured, "must be a " + TopologyMetrics.class.getName());
        }
        metrics = given;
      }
    }

    String deadLetterTopic() {
      return Objects.requireNonNull(deadLetterTopic, "the handler was not configured");
    }

    ProducerRecord<byte[], byte[]> deadLetter(
        ErrorHandlerContext context, byte[] key, byte[] value, String reason, Exception exception) {
      String stage = Objects.requireNonNullElse(context.processorNodeId(), "streams");
      LOG.warn(
          "Dead-lettering record {} at node {} ({}): {}",
          context.topic() == null
              ? "without origin"
              : DeadLetters.origin(context.topic(), context.partition(), context.offset()),
          stage,
          reason,
          exception.toString(),
          exception);
      metrics.deadLettered(stage, reason);
      return new ProducerRecord<>(
          deadLetterTopic(),
          null,
          context.timestamp() < 0 ? null : context.timestamp(),
          key,
          value,
          DeadLetters.headers(
              reason,
              exception.toString(),
              stage,
              DeadLetters.UNKNOWN_SOURCE,
              context.topic(),
              context.partition(),
              context.offset(),
              Instant.now(clock)));
    }
  }

  /** A source record whose key or value the deserializer could not read. */
  public static final class Deserialization extends DeadLetterHandler
      implements DeserializationExceptionHandler {

    public Deserialization() {
      super(Clock.systemUTC());
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      return Response.resume(
          List.of(
              deadLetter(
                  context,
                  record.key(),
                  record.value(),
                  DeadLetters.DESERIALIZATION_ERROR,
                  exception)));
    }
  }

  /** A record a processor threw on: the source record that led to it is dead-lettered. */
  public static final class Processing extends DeadLetterHandler
      implements ProcessingExceptionHandler {

    public Processing() {
      super(Clock.systemUTC());
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      return Response.resume(
          List.of(
              deadLetter(
                  context,
                  context.sourceRawKey(),
                  context.sourceRawValue(),
                  DeadLetters.PROCESSING_ERROR,
                  exception)));
    }
  }

  /**
   * An output record that could not be serialized or produced: the source record that led to it is
   * dead-lettered (or, without one, the produced bytes).
   */
  public static final class Production extends DeadLetterHandler
      implements ProductionExceptionHandler {

    public Production() {
      super(Clock.systemUTC());
    }

    @Override
    public Response handleError(
        ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
      if (exception instanceof RetriableException) {
        return Response.retry();
      }
      return deadLetterUnlessItIsOne(
          context,
          record.topic(),
          context.sourceRawKey() != null ? context.sourceRawKey() : record.key(),
          context.sourceRawValue() != null ? context.sourceRawValue() : record.value(),
          "produce",
          exception);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Response handleSerializationError(
        ErrorHandlerContext context,
        ProducerRecord record,
        Exception exception,
        SerializationExceptionOrigin origin) {
      return deadLetterUnlessItIsOne(
          context,
          record.topic(),
          context.sourceRawKey(),
          context.sourceRawValue(),
          "serialize",
          exception);
    }

    /**
     * Dead-letters the record that led to the failed output; a failed dead letter itself stops the
     * application instead, because sending it on would lose it.
     */
    private Response deadLetterUnlessItIsOne(
        ErrorHandlerContext context,
        String topic,
        byte[] key,
        byte[] value,
        String what,
        Exception exception) {
      if (deadLetterTopic().equals(topic)) {
        LOG.error(
            "Cannot {} a dead letter for {}; failing rather than losing it",
            what,
            topic,
            exception);
        return Response.fail();
      }
      return Response.resume(
          List.of(deadLetter(context, key, value, DeadLetters.PRODUCTION_ERROR, exception)));
    }
  }
}
