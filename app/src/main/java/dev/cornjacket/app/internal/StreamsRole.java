package dev.cornjacket.app.internal;

import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.http.Health;
import dev.cornjacket.http.HealthCheck;
import dev.cornjacket.topology.CornjacketTopology;
import dev.cornjacket.topology.ProjectionConfig;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.TopologyConfig;
import dev.cornjacket.topology.ValidationLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams role: runs the Cornjacket topology with exactly-once processing, and reports through
 * {@link #health()} whether it is {@code RUNNING}.
 */
public final class StreamsRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsRole.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;

  private StreamsRole(KafkaStreams streams) {
    this.streams = streams;
  }

  /**
   * Starts the topology; returns at once, the streams reach {@code RUNNING} after the first
   * rebalance.
   *
   * @param applicationServer host:port of this instance's HTTP API, for interactive queries
   */
  public static StreamsRole start(
      CornjacketConfig config, Topics topics, String applicationServer, MeterRegistry registry) {
    ValidationLimits limits = ValidationLimits.DEFAULTS.withMaxAge(config.kafka().retention());
    TopologyConfig topologyConfig =
        new TopologyConfig(
                topics,
                limits,
                config.streams().dedupWindow(),
                new MicrometerTopologyMetrics(registry),
                TopologyConfig.StoreKind.PERSISTENT,
                config.anomaly())
            .withProjections(projections(config));
    KafkaStreams streams =
        new KafkaStreams(
            CornjacketTopology.build(topologyConfig),
            properties(config, applicationServer, topologyConfig));
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("A stream thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(
        (newState, oldState) -> log.info("Streams {} -> {}", oldState, newState));
    streams.start();
    return new StreamsRole(streams);
  }

  /** The projections' windows and retention, from the streams settings. */
  public static ProjectionConfig projections(CornjacketConfig config) {
    return ProjectionConfig.DEFAULTS
        .withRollupGrace(config.streams().rollupGrace())
        .withRollupRetention(config.streams().rollupRetention());
  }

  /** The Kafka Streams of this role, for the interactive queries. */
  public KafkaStreams kafkaStreams() {
    return streams;
  }

  static Properties properties(
      CornjacketConfig config, String applicationServer, TopologyConfig topologyConfig) {
    Map<String, Object> props = new HashMap<>(CornjacketTopology.streamsProperties(topologyConfig));
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.streams().applicationId());
    props.put(
        StreamsConfig.BOOTSTRAP_SERVERS_CONFIG,
        config
            .kafka()
            .bootstrap()
            .orElseThrow(() -> new IllegalArgumentException("kafka.bootstrap is unset")));
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(
        StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.streams().commitInterval().toMillis());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streams().threads());
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.streams().standbyReplicas());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
    props.put(
        StreamsConfig.STATE_DIR_CONFIG,
        config.node().streamsStateDir().toAbsolutePath().toString());
    props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
    Properties properties = new Properties();
    properties.putAll(props);
    return properties;
  }

  /** Ready when the streams are {@code RUNNING}; rebalancing or restoring is not ready. */
  public HealthCheck health() {
    return new HealthCheck() {
      @Override
      public String name() {
        return "streams";
      }

      @Override
      public Health check() {
        KafkaStreams.State state = streams.state();
        Map<String, Object> details = Map.of("state", state.name());
        return state == KafkaStreams.State.RUNNING
            ? Health.up(details)
            : new Health(false, details);
      }
    };
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * Closes gracefully and leaves the group, so that the partitions move to the other instances (or
   * to this one restarting) at once instead of after the session timeout.
   */
  @Override
  public void close() {
    CloseOptions options =
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT);
    if (!streams.close(options)) {
      log.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
    }
  }
}
