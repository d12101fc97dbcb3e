package dev.cornjacket.app.internal;

import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.http.Health;
import dev.cornjacket.http.HealthCheck;
import dev.cornjacket.http.ops.RestorationProgress;
import dev.cornjacket.topology.CornjacketTopology;
import dev.cornjacket.topology.ProjectionConfig;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.TopologyConfig;
import dev.cornjacket.topology.ValidationLimits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streams role: runs the Cornjacket topology with exactly-once processing, and reports through
 * {@link #health()} whether it is {@code RUNNING}.
 */
public final class StreamsRole implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StreamsRole.class);

  /**
   * Leaves out the gauges Kafka Streams computes from RocksDB properties of each store (memtable
   * sizes, pending compactions, estimated keys, block cache usage: the meters tagged {@code
   * rocksdb.state.id} and the like). Reading one while a rebalance or shutdown closes its store
   * reads freed native memory (KAFKA-10025, open upstream): here it aborted an instance with
   * "pthread lock: Invalid argument". Half of them were refused by the Prometheus registry anyway,
   * since window and key-value stores tag them with different keys. {@link Observability} sets it
   * on the registry before any meter is registered, as Micrometer wants of filters.
   */
  static final MeterFilter ROCKSDB_PROPERTY_METERS =
      MeterFilter.deny(
          id ->
              id.getName().startsWith("kafka.stream.state.")
                  && id.getTags().stream().anyMatch(tag -> tag.getKey().startsWith("rocksdb.")));

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final TopologyDescription topology;
  private final RestorationProgress restoration;
  private final KafkaStreamsMetrics metrics;

  private StreamsRole(
      KafkaStreams streams,
      TopologyDescription topology,
      RestorationProgress restoration,
      KafkaStreamsMetrics metrics) {
    this.streams = streams;
    this.topology = topology;
    this.restoration = restoration;
    this.metrics = metrics;
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
            .withProjections(projections(config))
            .withAlertWindow(config.actions().alertWindow());
    Topology topology = CornjacketTopology.build(topologyConfig);
    KafkaStreams streams =
        new KafkaStreams(topology, properties(config, applicationServer, topologyConfig));
    RestorationProgress restoration = new RestorationProgress();
    streams.setGlobalStateRestoreListener(restoration);
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("A stream thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(
        (newState, oldState) -> log.info("Streams {} -> {}", oldState, newState));
    // kafka.stream.* meters: threads, tasks, stores, and the clients the streams run
    KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
    metrics.bindTo(registry);
    streams.start();
    return new StreamsRole(streams, topology.describe(), restoration, metrics);
  }

  /** The projections' windows and retention, from the streams settings. */
  public static ProjectionConfig projections(CornjacketConfig config) {
    return ProjectionConfig.DEFAULTS
        .withRollupGrace(config.streams().rollupGrace())
        .withRollupRetention(config.streams().rollupRetention())
        .withRollupEmit(config.streams().rollupEmit())
        .withLatestInterval(config.streams().latestInterval());
  }

  /** The Kafka Streams of this role, for the interactive queries. */
  public KafkaStreams kafkaStreams() {
    return streams;
  }

  /** What the topology looks like, for the operator API. */
  public TopologyDescription topology() {
    return topology;
  }

  /** How far the local stores got restoring, for the operator API. */
  public RestorationProgress restoration() {
    return restoration;
  }

  /** The streams producer's batch size: room for about 30 model states per partition. */
  static final int PRODUCER_BATCH_BYTES = 256 * 1024;

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
    config
        .streams()
        .instanceId()
        .ifPresent(
            id ->
                props.put(
                    StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
    props.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
        (int) config.streams().sessionTimeout().toMillis());
    // changelog and repartition topics get records with the event's ts, like the output topics
    props.put(
        StreamsConfig.topicPrefix(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG),
        topologyConfig.limits().topicTimestampAfterMax().toMillis());
    // Every sensor event makes the streams write a model state of about 8 KB to its changelog, so
    // with the default 16 KiB batches the producer closed a batch and woke its sender every
    // second record. Large lz4 batches halve the broker's CPU per event and cut the stream
    // thread's (see the README's end-to-end benchmark). Redpanda and Kafka both store lz4 as sent.
    props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
    props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
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

  /**
   * Live unless the streams have failed for good ({@code ERROR}): rebalancing and restoring are
   * live, so that an orchestrator does not kill an instance while it restores its state.
   */
  public HealthCheck liveness() {
    return new HealthCheck() {
      @Override
      public String name() {
        return "streams";
      }

      @Override
      public Health check() {
        KafkaStreams.State state = streams.state();
        Map<String, Object> details = Map.of("state", state.name());
        boolean broken =
            state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
        return new Health(!broken, details);
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
    // The meters go first: none of them should read a store the streams are closing (see
    // ROCKSDB_PROPERTY_METERS).
    metrics.close();
    CloseOptions options =
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(CLOSE_TIMEOUT);
    if (!streams.close(options)) {
      log.warn("Kafka Streams did not close within {}", CLOSE_TIMEOUT);
    }
  }
}
