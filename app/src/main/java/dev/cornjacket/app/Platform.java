package dev.cornjacket.app;

import dev.cornjacket.app.internal.MqttBridgeHealth;
import dev.cornjacket.app.internal.StreamsRole;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.config.Role;
import dev.cornjacket.http.HttpServer;
import dev.cornjacket.mqtt.MqttBridge;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Cornjacket instance: the roles of its configuration, wired together. Both {@code
 * cornjacket dev} and {@code cornjacket run} start this; the configuration must name reachable
 * servers (dev mode fills in the embedded ones first).
 */
public final class Platform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Platform.class);
  private static final Duration TOPIC_SETUP_TIMEOUT = Duration.ofSeconds(30);

  private final HttpServer http;
  private final StreamsRole streams;
  private final MqttBridge mqtt;
  private final MeterRegistry registry;

  private Platform(HttpServer http, StreamsRole streams, MqttBridge mqtt, MeterRegistry registry) {
    this.http = http;
    this.streams = streams;
    this.mqtt = mqtt;
    this.registry = registry;
  }

  /** Creates missing topics and starts every role of the configuration. */
  public static Platform start(CornjacketConfig config) {
    Objects.requireNonNull(config, "config");
    Topics topics = new Topics(config.kafka().topicPrefix());
    new TopicProvisioner(config.kafka(), TOPIC_SETUP_TIMEOUT)
        .ensure(topics.all().stream().map(Topic::name).toList());
    for (Role role : config.node().roles()) {
      if (role == Role.SINKS || role == Role.ACTIONS) {
        log.info("Role {} has no components yet in this version", role.name().toLowerCase());
      }
    }
    MeterRegistry registry = new SimpleMeterRegistry();
    // The HTTP server runs in every role: it carries the health endpoints. It starts first because
    // the streams advertise its port for interactive queries.
    HttpServer http = HttpServer.start(config.http(), config.kafka(), topics, List.of());
    StreamsRole streams = null;
    if (config.node().roles().contains(Role.STREAMS)) {
      String applicationServer =
          config.streams().applicationServer().orElse("localhost:" + http.port());
      try {
        streams = StreamsRole.start(config, topics, applicationServer, registry);
      } catch (RuntimeException e) {
        http.close();
        throw e;
      }
      http.addReadinessCheck(streams.health());
    }
    MqttBridge mqtt = null;
    // the MQTT bridge is the second ingest front end; it runs where a broker is configured
    if (config.node().roles().contains(Role.INGEST) && config.mqtt().url().isPresent()) {
      try {
        mqtt = MqttBridge.start(config.mqtt(), config.kafka(), topics);
      } catch (RuntimeException e) {
        new Platform(http, streams, null, registry).close();
        throw e;
      }
      http.addReadinessCheck(new MqttBridgeHealth(mqtt));
    }
    return new Platform(http, streams, mqtt, registry);
  }

  /** The meters of this instance (served as {@code /metrics} once the operations API exists). */
  public MeterRegistry meters() {
    return registry;
  }

  /** The Kafka Streams state, or empty when this instance has no streams role. */
  public java.util.Optional<KafkaStreams.State> streamsState() {
    return java.util.Optional.ofNullable(streams).map(StreamsRole::state);
  }

  public int httpPort() {
    return http.port();
  }

  /**
   * Stops the front ends first, so that nothing is accepted while the rest shuts down: the MQTT
   * bridge (its messages in flight reach Kafka and are acknowledged, the rest stays with the MQTT
   * broker), then the HTTP server, then the streams.
   */
  @Override
  public void close() {
    try {
      if (mqtt != null) {
        mqtt.close();
      }
    } finally {
      try {
        http.close();
      } finally {
        if (streams != null) {
          streams.close();
        }
      }
    }
  }
}
