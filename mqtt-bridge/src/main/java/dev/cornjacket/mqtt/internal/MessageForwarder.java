package dev.cornjacket.mqtt.internal;

import dev.cornjacket.topology.DeadLetters;
import dev.cornjacket.topology.RawEnvelope;
import dev.cornjacket.topology.RawEnvelopeSerde;
import dev.cornjacket.topology.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each MQTT message to Kafka and acknowledges it once Kafka has all of it.
 *
 * <p>Input: messages of {@code cj/devices/+/events} (QoS 1, manual acknowledgement), on the
 * bridge's own thread, never the MQTT client's. Output: the events of a message to the raw topic,
 * keyed by {@code device_id}, in the raw envelope ({@code source=mqtt}); what cannot be forwarded
 * to the dead-letter topic (stage {@code mqtt}). A message is acknowledged from the produce
 * callback of its last record, and only when every record of it succeeded; otherwise the {@link
 * SessionKeeper} has the broker deliver it again. Nothing here waits for Kafka.
 */
public final class MessageForwarder {

  private static final Logger log = LoggerFactory.getLogger(MessageForwarder.class);

  /**
   * Who sent an event, as far as the bridge knows: MQTT does not tell a subscriber who published a
   * message, so the bridge cannot vouch for anyone.
   */
  static final String PRINCIPAL = RawEnvelope.ANONYMOUS;

  private final PayloadReader reader;
  private final Producer<String, byte[]> producer;
  private final String rawTopic;
  private final String deadLetterTopic;
  private final Clock clock;
  private final SessionKeeper session;
  private final InFlight inFlight;
  private final BridgeCounters counters;
  private volatile boolean closing;

  public MessageForwarder(
      PayloadReader reader,
      Producer<String, byte[]> producer,
      Topics topics,
      Clock clock,
      SessionKeeper session,
      InFlight inFlight,
      BridgeCounters counters) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.producer = Objects.requireNonNull(producer, "producer");
    this.rawTopic = topics.raw().name();
    this.deadLetterTopic = topics.deadLetters().name();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.session = Objects.requireNonNull(session, "session");
    this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    this.counters = Objects.requireNonNull(counters, "counters");
  }

  /**
   * Stops taking messages: later ones stay unacknowledged, for the broker to deliver again when the
   * bridge is back. Messages already taken still complete.
   */
  public void stopTaking() {
    closing = true;
  }

  /** Forwards one message; returns once its records are handed to the producer. */
  public void forward(InboundMessage message) {
    counters.received.increment();
    if (closing || !session.isCurrent(message.connection())) {
      // its connection was reset or lost: the broker delivers it again on the next one
      counters.withheld.increment();
      return;
    }
    inFlight.acquire();
    if (!session.isCurrent(message.connection())) {
      // reset in between, which may have found nothing in flight and planned the next
      // connection: this message must not overlap with that one
      counters.withheld.increment();
      inFlight.withdraw();
      return;
    }
    List<PayloadReader.Part> parts = partsOf(message);
    Instant receivedAt = clock.instant();
    PendingMessage pending = new PendingMessage(message, parts.size());
    for (PayloadReader.Part part : parts) {
      ProducerRecord<String, byte[]> record =
          switch (part) {
            case PayloadReader.Event event -> rawRecord(event, receivedAt);
            case PayloadReader.Rejected rejected -> deadLetter(rejected, receivedAt);
          };
      Callback callback = pending.callbackFor(part);
      try {
        producer.send(record, callback);
      } catch (RuntimeException e) {
        // the producer refused before taking the record (closed, or a fatal error): the callback
        // has not run
        callback.onCompletion(null, e);
      }
    }
  }

  private List<PayloadReader.Part> partsOf(InboundMessage message) {
    try {
      return reader.read(message.topic(), message.payload());
    } catch (RuntimeException e) {
      log.error("The MQTT bridge failed on a message of {}; dead-lettering it", message.topic(), e);
      return List.of(
          new PayloadReader.Rejected(
              DeviceTopics.deviceId(message.topic()),
              message.payload(),
              DeadLetters.PROCESSING_ERROR,
              "the MQTT bridge failed on it: " + e));
    }
  }

  private ProducerRecord<String, byte[]> rawRecord(PayloadReader.Event event, Instant receivedAt) {
    return new ProducerRecord<>(
        rawTopic,
        event.deviceId(),
        RawEnvelopeSerde.encode(event.json(), receivedAt, RawEnvelope.SOURCE_MQTT, PRINCIPAL));
  }

  private ProducerRecord<String, byte[]> deadLetter(
      PayloadReader.Rejected rejected, Instant receivedAt) {
    log.debug("Dead-lettering an MQTT message: {}: {}", rejected.reason(), rejected.message());
    return new ProducerRecord<>(
        deadLetterTopic,
        null,
        rejected.deviceId(),
        rejected.value(),
        DeadLetters.headers(
            rejected.reason(),
            rejected.message(),
            DeadLetters.STAGE_MQTT,
            RawEnvelope.SOURCE_MQTT,
            null,
            -1,
            -1,
            receivedAt));
  }

  /** One message on its way: settles when the last of its records is acknowledged or failed. */
  private final class PendingMessage {
    private final InboundMessage message;
    private final AtomicInteger remaining;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicInteger events = new AtomicInteger();
    private final AtomicInteger deadLetters = new AtomicInteger();

    PendingMessage(InboundMessage message, int records) {
      this.message = message;
      this.remaining = new AtomicInteger(records);
    }

    /** A callback that counts once, however often the producer calls it. */
    Callback callbackFor(PayloadReader.Part part) {
      AtomicBoolean done = new AtomicBoolean();
      return (metadata, exception) -> {
        if (!done.compareAndSet(false, true)) {
          return;
        }
        if (exception != null) {
          failure.compareAndSet(null, exception);
        } else if (part instanceof PayloadReader.Event) {
          events.incrementAndGet();
        } else {
          deadLetters.incrementAndGet();
        }
        if (remaining.decrementAndGet() == 0) {
          settle();
        }
      };
    }

    private void settle() {
      try {
        counters.eventsForwarded.add(events.get());
        counters.deadLettered.add(deadLetters.get());
        Exception error = failure.get();
        if (error != null) {
          counters.produceFailures.increment();
          session.resetSession(message.connection(), error);
        } else if (session.isCurrent(message.connection())) {
          acknowledge();
        } else {
          counters.withheld.increment();
        }
      } finally {
        inFlight.release();
      }
    }

    private void acknowledge() {
      try {
        message.acknowledge();
        counters.acknowledged.increment();
        session.acknowledged();
      } catch (RuntimeException e) {
        // the connection closed under us; the broker delivers the message again
        counters.withheld.increment();
        log.warn("Could not acknowledge an MQTT message; the broker will deliver it again", e);
      }
    }
  }
}
