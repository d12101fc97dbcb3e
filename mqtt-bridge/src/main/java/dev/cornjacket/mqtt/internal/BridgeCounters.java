package dev.cornjacket.mqtt.internal;

import java.util.concurrent.atomic.LongAdder;

/** What the bridge has done since it started; read by {@code MqttBridge.stats()}. */
public final class BridgeCounters {

  final LongAdder received = new LongAdder();
  final LongAdder acknowledged = new LongAdder();
  final LongAdder eventsForwarded = new LongAdder();
  final LongAdder deadLettered = new LongAdder();
  final LongAdder withheld = new LongAdder();
  final LongAdder produceFailures = new LongAdder();
  final LongAdder sessionResets = new LongAdder();
  final LongAdder connections = new LongAdder();

  /** Messages the broker delivered (redeliveries included). */
  public long received() {
    return received.sum();
  }

  /** Messages acknowledged to the broker, each after Kafka took all of it. */
  public long acknowledged() {
    return acknowledged.sum();
  }

  /** Events Kafka took for the raw topic. */
  public long eventsForwarded() {
    return eventsForwarded.sum();
  }

  /** Dead letters Kafka took. */
  public long deadLettered() {
    return deadLettered.sum();
  }

  /**
   * Messages left unacknowledged for the broker to deliver again: their connection was gone or
   * reset, or the bridge was closing.
   */
  public long withheld() {
    return withheld.sum();
  }

  /** Messages of which Kafka did not take every record. */
  public long produceFailures() {
    return produceFailures.sum();
  }

  /** Connections dropped on purpose after a produce failure, to have the broker redeliver. */
  public long sessionResets() {
    return sessionResets.sum();
  }

  /** Connections established (the first one included). */
  public long connections() {
    return connections.sum();
  }
}
