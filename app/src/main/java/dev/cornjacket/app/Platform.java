package dev.cornjacket.app;

import dev.cornjacket.app.internal.ActionsRole;
import dev.cornjacket.app.internal.MqttBridgeHealth;
import dev.cornjacket.app.internal.Observability;
import dev.cornjacket.app.internal.OpsWiring;
import dev.cornjacket.app.internal.SinksRole;
import dev.cornjacket.app.internal.StartupHealth;
import dev.cornjacket.app.internal.StoredEventHistory;
import dev.cornjacket.app.internal.StreamsRole;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.config.Role;
import dev.cornjacket.config.Secret;
import dev.cornjacket.http.HttpServer;
import dev.cornjacket.http.ServerOptions;
import dev.cornjacket.http.query.PeerCalls;
import dev.cornjacket.http.query.StoreQueries;
import dev.cornjacket.mqtt.MqttBridge;
import dev.cornjacket.sinks.StoredEvents;
import dev.cornjacket.topology.ProjectionConfig;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.anomaly.DetectorParameters;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Cornjacket instance: the roles of its configuration, wired together. Both {@code
 * cornjacket dev} and {@code cornjacket run} start this; the configuration must name reachable
 * servers (dev mode fills in the embedded ones first).
 *
 * <p>Start order: HTTP (its port is the streams' {@code application.server}), streams and their
 * queries, sinks, and the MQTT bridge. Close order: the front ends first, so that nothing is
 * accepted while the rest shuts down (the bridge's messages in flight reach Kafka and are
 * acknowledged, the rest stays with the MQTT broker), then the queries, the streams, and the sink
 * last (it writes what the streams produced).
 */
public final class Platform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Platform.class);
  private static final Duration TOPIC_SETUP_TIMEOUT = Duration.ofSeconds(30);

  private final HttpServer http;
  private final StreamsRole streams;
  private final StoreQueries queries;
  private final SinksRole sinks;
  private final MqttBridge mqtt;
  private final ActionsRole actions;
  private final MeterRegistry registry;
  private final Observability observability;

  private Platform(
      HttpServer http,
      StreamsRole streams,
      StoreQueries queries,
      SinksRole sinks,
      MqttBridge mqtt,
      ActionsRole actions,
      Observability observability) {
    this.http = http;
    this.streams = streams;
    this.queries = queries;
    this.sinks = sinks;
    this.mqtt = mqtt;
    this.actions = actions;
    this.observability = observability;
    this.registry = observability.meters();
  }

  /** Creates missing topics and starts every role of the configuration. */
  public static Platform start(CornjacketConfig config) {
    Objects.requireNonNull(config, "config");
    Topics topics = new Topics(config.kafka().topicPrefix());
    new TopicProvisioner(config.kafka(), TOPIC_SETUP_TIMEOUT)
        .ensure(
            topics.all().stream().map(Topic::name).toList(),
            topics.compacted().stream().map(Topic::name).collect(Collectors.toSet()));
    new ModelPublisher(config.kafka(), TOPIC_SETUP_TIMEOUT)
        .publish(topics.models(), DetectorParameters.DEFAULTS);
    Observability observability = Observability.start(config.node());
    MeterRegistry registry = observability.meters();
    StartupHealth startup = new StartupHealth();
    HttpServer http;
    try {
      http =
          HttpServer.start(
              config.http(),
              config.kafka(),
              topics,
              List.of(startup),
              ServerOptions.of(
                  config.auth(), observability.meters(), observability.openTelemetry()));
    } catch (RuntimeException e) {
      observability.close();
      throw e;
    }
    StreamsRole streams = null;
    StoreQueries queries = null;
    SinksRole sinks = null;
    MqttBridge mqtt = null;
    ActionsRole actions = null;
    PeerCalls peerCalls =
        new PeerCalls(
            config.auth().internalSecret().map(Secret::value), observability.openTelemetry());
    try {
      if (config.node().roles().contains(Role.STREAMS)) {
        startup.starting("the streams role");
        String applicationServer =
            config.streams().applicationServer().orElse("localhost:" + http.port());
        streams = StreamsRole.start(config, topics, applicationServer, registry);
        http.addReadinessCheck(streams.health());
        http.addLivenessCheck(streams.liveness());
        queries =
            new StoreQueries(
                streams.kafkaStreams(),
                applicationServer,
                config.streams().queryTimeout(),
                config.streams().standbyMaxLag(),
                config.kafka().partitions(),
                peerCalls);
        ProjectionConfig projections = StreamsRole.projections(config);
        http.serveQueries(queries, projections.rollupRetention(), projections.anomalyRetention());
      }
      OpsWiring.serve(http, config, topics, streams, peerCalls);
      if (config.node().roles().contains(Role.SINKS)) {
        startup.starting("the sinks role");
        sinks = SinksRole.start(config, topics, registry);
        http.addReadinessCheck(sinks.health());
        http.serveHistory(new StoredEventHistory(sinks.storedEvents()));
      }
      // The MQTT bridge is the second ingest front end; it runs where a broker is configured.
      if (config.node().roles().contains(Role.INGEST) && config.mqtt().url().isPresent()) {
        startup.starting("the MQTT bridge");
        mqtt = MqttBridge.start(config.mqtt(), config.kafka(), topics);
        http.addReadinessCheck(new MqttBridgeHealth(mqtt));
      }
      startup.starting("the actions role");
      actions = startActions(config, topics, registry, http);
      startup.done();
    } catch (RuntimeException e) {
      closeInOrder(Arrays.asList(mqtt, http, queries, streams, sinks, actions, observability), e);
      throw e;
    }
    return new Platform(http, streams, queries, sinks, mqtt, actions, observability);
  }

  /** The webhook dispatcher, where the role actions runs and an endpoint is configured. */
  private static ActionsRole startActions(
      CornjacketConfig config, Topics topics, MeterRegistry registry, HttpServer http) {
    if (!config.node().roles().contains(Role.ACTIONS)) {
      return null;
    }
    if (!config.actions().hasEndpoints()) {
      log.info(
          "Role actions: no webhook endpoint configured (CORNJACKET_WEBHOOKS_FILE or"
              + " CORNJACKET_WEBHOOK_URL); alerts stay in the alerts topic");
      return null;
    }
    ActionsRole actions = ActionsRole.start(config, topics, registry);
    http.serveWebhooks(actions.status());
    http.addReadinessCheck(actions.health());
    return actions;
  }

  /** The meters of this instance, served as {@code /metrics}. */
  public MeterRegistry meters() {
    return registry;
  }

  /** The Kafka Streams state, or empty when this instance has no streams role. */
  public Optional<KafkaStreams.State> streamsState() {
    return Optional.ofNullable(streams).map(StreamsRole::state);
  }

  /** The interactive queries of this instance, or empty when it has no streams role. */
  public Optional<StoreQueries> queries() {
    return Optional.ofNullable(queries);
  }

  /** Reads of events stored in PostgreSQL, or empty when this instance has no sinks role. */
  public Optional<StoredEvents> storedEvents() {
    return Optional.ofNullable(sinks).map(SinksRole::storedEvents);
  }

  public int httpPort() {
    return http.port();
  }

  @Override
  public void close() {
    RuntimeException failure =
        closeInOrder(
            Arrays.asList(mqtt, http, queries, streams, sinks, actions, observability), null);
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Closes each part that was started ({@code null} ones were not), in the given order, going on
   * when one fails; the failures are added to {@code primary}, or returned as one exception.
   */
  private static RuntimeException closeInOrder(
      List<AutoCloseable> parts, RuntimeException primary) {
    RuntimeException failure = primary;
    for (AutoCloseable part : parts) {
      if (part == null) {
        continue;
      }
      try {
        part.close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("Closing " + part + " failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    return primary == null ? failure : null;
  }
}
