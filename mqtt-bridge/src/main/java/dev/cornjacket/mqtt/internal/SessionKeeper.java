package dev.cornjacket.mqtt.internal;

import dev.cornjacket.config.MqttSettings.Protocol;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the bridge's MQTT session connected and subscribed: connects, and after a lost connection
 * or a produce failure builds a fresh connection that resumes the session, after a back-off.
 *
 * <p>Acknowledgements only count on the current connection. When Kafka fails to take a message, the
 * message must not be acknowledged, and an MQTT broker delivers an unacknowledged message again
 * only when the session reconnects: so the keeper drops the connection, waits until every message
 * taken through it has settled (which keeps the number in flight within the receive maximum) and
 * until Kafka answers again, and reconnects; the broker then delivers again everything not
 * acknowledged. Waiting for Kafka spares the broker redelivering the same messages only to have
 * them fail again, and keeps the number of discarded client objects (each holds its client-side
 * session state until the session expiry) to one per outage.
 *
 * <p>All state changes run on one scheduler thread.
 */
public final class SessionKeeper {

  private static final Logger log = LoggerFactory.getLogger(SessionKeeper.class);
  private static final Duration DISCONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Longest wait for CONNACK and SUBACK. A client with a persistent session keeps an unanswered
   * SUBSCRIBE pending across a broken connection, so without a bound the attempt could wait
   * forever.
   */
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  /** Builds a fresh connection speaking {@code protocol}; {@code lost} is told when it breaks. */
  @FunctionalInterface
  public interface ConnectionFactory {
    BrokerConnection create(Protocol protocol, BiConsumer<BrokerConnection, Throwable> lost);
  }

  private final String brokerUrl;
  private final String clientId;
  private final String topicFilter;
  private final Protocol configuredProtocol;
  private final InFlight inFlight;
  private final BridgeCounters counters;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff;
  private final BooleanSupplier kafkaReachable;

  private ConnectionFactory factory; // set by start
  private Protocol nextProtocol; // scheduler thread only
  private Protocol attemptProtocol; // scheduler thread only: the protocol of the current attempt
  private Protocol agreedProtocol; // scheduler thread only; set once a connection succeeded
  private int failedAttempts; // scheduler thread only
  private volatile BrokerConnection current;
  private volatile boolean ready;
  private volatile boolean closed;

  public SessionKeeper(
      String brokerUrl,
      String clientId,
      String topicFilter,
      Protocol protocol,
      InFlight inFlight,
      BridgeCounters counters,
      ScheduledExecutorService scheduler,
      Duration initialBackoff,
      Duration maxBackoff,
      BooleanSupplier kafkaReachable) {
    this.brokerUrl = Objects.requireNonNull(brokerUrl, "brokerUrl");
    this.clientId = Objects.requireNonNull(clientId, "clientId");
    this.topicFilter = Objects.requireNonNull(topicFilter, "topicFilter");
    this.configuredProtocol = Objects.requireNonNull(protocol, "protocol");
    this.inFlight = Objects.requireNonNull(inFlight, "inFlight");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.backoff = new Backoff(initialBackoff, maxBackoff);
    this.kafkaReachable = Objects.requireNonNull(kafkaReachable, "kafkaReachable");
    this.nextProtocol = protocol == Protocol.MQTT3 ? Protocol.MQTT3 : Protocol.MQTT5;
  }

  /** Starts connecting in the background. */
  public void start(ConnectionFactory connectionFactory) {
    this.factory = Objects.requireNonNull(connectionFactory, "connectionFactory");
    scheduler.execute(this::connectNow);
  }

  /** Whether the session is connected and subscribed. */
  public boolean ready() {
    return ready && !closed;
  }

  /** Whether messages of {@code connection} may still be acknowledged. */
  public boolean isCurrent(BrokerConnection connection) {
    return connection == current;
  }

  /** A message was acknowledged: the path to Kafka works, so the next failure starts afresh. */
  public void acknowledged() {
    backoff.reset();
  }

  /**
   * Kafka failed to take a message of {@code connection}: drop that connection so that the broker
   * delivers the message again on the next one. Returns at once.
   */
  public void resetSession(BrokerConnection connection, Throwable cause) {
    runOnScheduler(
        () -> {
          if (closed || connection != current) {
            return; // already reset, lost or replaced
          }
          current = null;
          ready = false;
          counters.sessionResets.increment();
          log.warn(
              "Kafka did not take a message from MQTT ({}); it stays unacknowledged, and the"
                  + " bridge reconnects to {} once Kafka answers, so that the broker delivers it"
                  + " again",
              describe(cause),
              brokerUrl);
          disconnectQuietly(connection);
          Duration delay = backoff.next();
          inFlight.whenIdle().thenRun(() -> schedule(this::connectOnceKafkaAnswers, delay));
        });
  }

  /**
   * Disconnects for good and leaves the shared subscription ({@link BrokerConnection#leave}): the
   * broker gives the messages this bridge did not acknowledge, and its share of the new ones, to
   * the other members. (A bridge that is killed keeps its session instead, and gets its messages
   * again when it comes back within the session expiry.)
   */
  public void close() throws InterruptedException {
    CompletableFuture<BrokerConnection> last = new CompletableFuture<>();
    try {
      scheduler.execute(
          () -> {
            closed = true;
            ready = false;
            last.complete(current);
          });
      BrokerConnection connection = last.get(DISCONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      current = null;
      if (connection != null) {
        connection.leave(topicFilter).get(DISCONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
      log.warn("The MQTT bridge did not disconnect cleanly from {}: {}", brokerUrl, describe(e));
    } finally {
      closed = true;
      current = null;
    }
  }

  /** After a produce failure: reconnects once Kafka answers, asking again after each back-off. */
  private void connectOnceKafkaAnswers() {
    if (closed) {
      return;
    }
    if (kafkaReachable.getAsBoolean()) {
      connectNow();
      return;
    }
    Duration delay = backoff.next();
    log.info("Kafka does not answer yet; the MQTT bridge asks again in {} ms", delay.toMillis());
    schedule(this::connectOnceKafkaAnswers, delay);
  }

  private void connectNow() {
    if (closed) {
      return;
    }
    Protocol protocol = nextProtocol;
    attemptProtocol = protocol;
    BrokerConnection connection = factory.create(protocol, this::onLost);
    current = connection; // the broker may send queued messages before the subscription is back
    connection
        .connect()
        .thenCompose(
            sessionPresent -> connection.subscribe(topicFilter).thenApply(x -> sessionPresent))
        .orTimeout(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (sessionPresent, error) ->
                runOnScheduler(() -> connectFinished(connection, protocol, sessionPresent, error)));
  }

  private void connectFinished(
      BrokerConnection connection, Protocol protocol, Boolean sessionPresent, Throwable error) {
    if (closed || connection != current) {
      // closing, or this attempt already failed (its connection broke while connecting)
      disconnectQuietly(connection);
      return;
    }
    if (error == null) {
      agreedProtocol = protocol;
      nextProtocol = protocol;
      failedAttempts = 0;
      ready = true;
      counters.connections.increment();
      log.info(
          "MQTT bridge connected to {} as {} ({}, {}), subscribed to {}",
          brokerUrl,
          clientId,
          connection.protocolName(),
          sessionPresent ? "session resumed" : "new session",
          topicFilter);
      return;
    }
    current = null;
    disconnectQuietly(connection);
    failedAttempts++;
    Throwable cause = ProtocolFallback.unwrap(error);
    if (configuredProtocol == Protocol.AUTO && agreedProtocol == null) {
      if (protocol == Protocol.MQTT5 && ProtocolFallback.suggestsMqtt3(cause)) {
        log.info(
            "The MQTT broker {} did not accept MQTT 5 ({}); trying MQTT 3.1.1",
            brokerUrl,
            describe(cause));
        nextProtocol = Protocol.MQTT3;
        runOnScheduler(this::connectNow);
        return;
      }
      // until one version worked, keep trying both
      nextProtocol = Protocol.MQTT5;
    }
    Duration delay = backoff.next();
    log.warn(
        "MQTT bridge could not connect to {} as {} (attempt {}): {}{}; next attempt in {} ms",
        brokerUrl,
        clientId,
        failedAttempts,
        describe(cause),
        BrokerQuirks.hint(cause),
        delay.toMillis());
    reconnectWhenSettled(delay);
  }

  private void onLost(BrokerConnection connection, Throwable cause) {
    runOnScheduler(
        () -> {
          if (closed || connection != current) {
            return;
          }
          if (!ready) {
            // it broke while connecting or subscribing: that attempt failed
            connectFinished(connection, attemptProtocol, null, cause);
            return;
          }
          current = null;
          ready = false;
          log.warn(
              "MQTT bridge lost its connection to {}: {}{}; reconnecting",
              brokerUrl,
              describe(cause),
              BrokerQuirks.hint(cause));
          reconnectWhenSettled(backoff.next());
        });
  }

  /**
   * Reconnects once every message of the old connection has settled, so that the messages in flight
   * never exceed one connection's receive maximum, and after a back-off.
   */
  private void reconnectWhenSettled(Duration delay) {
    inFlight.whenIdle().thenRun(() -> schedule(this::connectNow, delay));
  }

  private void schedule(Runnable task, Duration delay) {
    try {
      scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
      // closing: nothing left to reconnect
    }
  }

  private void runOnScheduler(Runnable task) {
    schedule(task, Duration.ZERO);
  }

  private void disconnectQuietly(BrokerConnection connection) {
    connection
        .disconnect()
        .whenComplete(
            (ignored, error) -> {
              if (error != null) {
                // usually: it was never connected, or the broker already closed it
                log.debug("Disconnecting an old MQTT connection: {}", describe(error));
              }
            });
  }

  static String describe(Throwable error) {
    Throwable cause = ProtocolFallback.unwrap(error);
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
