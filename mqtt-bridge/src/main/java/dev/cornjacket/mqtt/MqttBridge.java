package dev.cornjacket.mqtt;

import dev.cornjacket.config.KafkaSettings;
import dev.cornjacket.config.MqttSettings;
import dev.cornjacket.config.Secret;
import dev.cornjacket.mqtt.internal.BridgeCounters;
import dev.cornjacket.mqtt.internal.BridgeProducerConfig;
import dev.cornjacket.mqtt.internal.BrokerConnections;
import dev.cornjacket.mqtt.internal.ClientIds;
import dev.cornjacket.mqtt.internal.ConnectionOptions;
import dev.cornjacket.mqtt.internal.DeviceTopics;
import dev.cornjacket.mqtt.internal.InFlight;
import dev.cornjacket.mqtt.internal.KafkaProbe;
import dev.cornjacket.mqtt.internal.MessageForwarder;
import dev.cornjacket.mqtt.internal.PayloadReader;
import dev.cornjacket.mqtt.internal.SessionKeeper;
import dev.cornjacket.mqtt.internal.TlsSettings;
import dev.cornjacket.topology.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT front end: subscribes to {@code $share/cornjacket/cj/devices/+/events} at QoS 1 and
 * writes what devices publish to the raw topic, acknowledging each message to the broker only once
 * Kafka has it (DESIGN.md "MQTT (contract)").
 *
 * <ul>
 *   <li>A payload is one event or a JSON array of events. An event without {@code device_id} gets
 *       the topic's; one with another device's, an unreadable or an oversized payload goes to the
 *       dead-letter topic (stage {@code mqtt}), and is then acknowledged: it is durable there.
 *   <li>The session is persistent (clean start off, session expiry configured), so a message not
 *       acknowledged (Kafka down, the bridge restarting or killed) is delivered again. Kafka
 *       failing to take a message makes the bridge reconnect, since brokers redeliver only then.
 *   <li>At most the receive maximum of messages are in flight: when Kafka is slow, the broker keeps
 *       the rest.
 *   <li>Several instances split the load through the shared subscription. Delivery is at least
 *       once; the topology drops repeated event ids.
 * </ul>
 *
 * <p>Close it before the rest of the application: it stops taking messages, lets the ones in flight
 * reach Kafka and be acknowledged, and disconnects ending its session, so that the broker gives its
 * share of the messages to the other instances (an instance scaled down does not come back for
 * them; a killed one keeps its session and gets them when it restarts).
 */
public final class MqttBridge implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MqttBridge.class);

  /** The group of the shared subscription that every Cornjacket instance joins. */
  public static final String SHARE_GROUP = "cornjacket";

  private static final Duration KEEP_ALIVE = Duration.ofSeconds(30);
  private static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final String clientId;
  private final Producer<String, byte[]> producer;
  private final KafkaProbe kafkaProbe;
  private final SessionKeeper session;
  private final MessageForwarder forwarder;
  private final InFlight inFlight;
  private final BridgeCounters counters;
  private final ExecutorService bridgeThread;
  private final ScheduledExecutorService sessionThread;
  private final Duration produceTimeout;

  private MqttBridge(
      String clientId,
      Producer<String, byte[]> producer,
      KafkaProbe kafkaProbe,
      SessionKeeper session,
      MessageForwarder forwarder,
      InFlight inFlight,
      BridgeCounters counters,
      ExecutorService bridgeThread,
      ScheduledExecutorService sessionThread,
      Duration produceTimeout) {
    this.clientId = clientId;
    this.producer = producer;
    this.kafkaProbe = kafkaProbe;
    this.session = session;
    this.forwarder = forwarder;
    this.inFlight = inFlight;
    this.counters = counters;
    this.bridgeThread = bridgeThread;
    this.sessionThread = sessionThread;
    this.produceTimeout = produceTimeout;
  }

  /**
   * Starts the bridge; it connects in the background and keeps reconnecting, so a broker that is
   * down at start-up is not an error ({@link #connected()} tells).
   *
   * @param mqtt the broker; {@code mqtt.url()} must be set
   * @param kafka the Kafka broker; {@code kafka.bootstrap()} must be set
   * @param topics the topic registry
   * @throws IllegalArgumentException when an address is unset or the trust store is unreadable
   */
  public static MqttBridge start(MqttSettings mqtt, KafkaSettings kafka, Topics topics) {
    return start(mqtt, kafka, topics, SHARE_GROUP);
  }

  /** As {@link #start(MqttSettings, KafkaSettings, Topics)}, in another shared group (tests). */
  static MqttBridge start(MqttSettings mqtt, KafkaSettings kafka, Topics topics, String group) {
    Objects.requireNonNull(mqtt, "mqtt");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(topics, "topics");
    URI url = mqtt.url().orElseThrow(() -> new IllegalArgumentException("mqtt.url is unset"));
    String bootstrap =
        kafka
            .bootstrap()
            .orElseThrow(() -> new IllegalArgumentException("kafka.bootstrap is unset"));
    String clientId = mqtt.clientId().orElseGet(ClientIds::defaultClientId);
    ConnectionOptions options =
        new ConnectionOptions(
            url.getHost(),
            url.getPort(),
            TlsSettings.of(mqtt),
            clientId,
            mqtt.username(),
            mqtt.password().map(Secret::value).map(p -> p.getBytes(StandardCharsets.UTF_8)),
            mqtt.sessionExpiry(),
            mqtt.receiveMaximum(),
            KEEP_ALIVE);

    Producer<String, byte[]> producer =
        new KafkaProducer<>(
            BridgeProducerConfig.of(bootstrap, kafka),
            new StringSerializer(),
            new ByteArraySerializer());
    KafkaProbe kafkaProbe = new KafkaProbe(bootstrap, topics.raw().name());
    InFlight inFlight = new InFlight();
    BridgeCounters counters = new BridgeCounters();
    ExecutorService bridgeThread =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("cornjacket-mqtt-bridge").daemon(true).factory());
    ScheduledExecutorService sessionThread =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("cornjacket-mqtt-session").daemon(true).factory());
    SessionKeeper session =
        new SessionKeeper(
            url.toString(),
            clientId,
            DeviceTopics.sharedFilter(group),
            mqtt.protocol(),
            inFlight,
            counters,
            sessionThread,
            INITIAL_BACKOFF,
            MAX_BACKOFF,
            kafkaProbe::reachable);
    MessageForwarder forwarder =
        new MessageForwarder(
            new PayloadReader(mqtt.maxPayload()),
            producer,
            topics,
            Clock.systemUTC(),
            session,
            inFlight,
            counters);
    session.start(new BrokerConnections(options, bridgeThread, forwarder::forward));
    log.info(
        "MQTT bridge starting: {} as {}, receive maximum {}, session expiry {}",
        url,
        clientId,
        mqtt.receiveMaximum(),
        mqtt.sessionExpiry());
    return new MqttBridge(
        clientId,
        producer,
        kafkaProbe,
        session,
        forwarder,
        inFlight,
        counters,
        bridgeThread,
        sessionThread,
        kafka.produceTimeout());
  }

  /** Whether the bridge is connected to the broker and subscribed: the readiness of the bridge. */
  public boolean connected() {
    return session.ready();
  }

  /** The MQTT client id, which names the bridge's session on the broker. */
  public String clientId() {
    return clientId;
  }

  public BridgeStats stats() {
    return new BridgeStats(
        counters.received(),
        counters.acknowledged(),
        counters.eventsForwarded(),
        counters.deadLettered(),
        counters.withheld(),
        counters.produceFailures(),
        counters.sessionResets(),
        counters.connections(),
        inFlight.count(),
        inFlight.highWater());
  }

  /**
   * Stops taking messages, waits (at most the produce timeout) until the ones in flight are in
   * Kafka and acknowledged, disconnects ending the session, and closes the producer.
   */
  @Override
  public void close() {
    forwarder.stopTaking();
    try {
      try {
        inFlight.whenIdle().get(produceTimeout.toMillis() + 1_000, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        log.warn(
            "{} MQTT messages were still on their way to Kafka after {}; they stay"
                + " unacknowledged and the broker delivers them again",
            inFlight.count(),
            produceTimeout);
      } catch (ExecutionException e) {
        throw new IllegalStateException("waiting for messages in flight failed", e);
      }
      session.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Interrupted while closing the MQTT bridge; closing the rest now");
    } finally {
      producer.close(produceTimeout);
      bridgeThread.shutdownNow();
      sessionThread.shutdownNow();
      kafkaProbe.close();
    }
    log.info("MQTT bridge {} closed: {}", clientId, stats());
  }
}
