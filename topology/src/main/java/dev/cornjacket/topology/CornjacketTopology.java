package dev.cornjacket.topology;

import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.internal.processor.AnomalyProjection;
import dev.cornjacket.topology.internal.processor.DeviceProjection;
import dev.cornjacket.topology.internal.processor.EventTypeRouter;
import dev.cornjacket.topology.internal.processor.EventValidationProcessor;
import dev.cornjacket.topology.internal.processor.RollupProjection;
import dev.cornjacket.topology.internal.processor.WindowedDeduplicator;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.Rollup;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The Kafka Streams topology of Cornjacket: a pure function of {@link TopologyConfig}. The
 * application, the replay tool, the benchmarks and every test call {@link #build}.
 *
 * <pre>
 * raw (bytes) ─> validate ─> dedup ─> route ─┬─> sensor
 *                   │       [dedup-ids]       ├─> user_action
 *                   v                         └─> system
 *              dead letters
 * </pre>
 *
 * <ol>
 *   <li><b>validate</b>: reads each raw envelope and checks its event with {@link EventValidator},
 *       {@code ts} against the envelope's {@code received_at}; anything wrong goes to {@link
 *       Topics#deadLetters()} in the {@link DeadLetters} format with stage {@value
 *       DeadLetters#STAGE_VALIDATE}.
 *   <li><b>dedup</b>: drops an event whose {@code (device_id, event_id)} was seen less than {@link
 *       TopologyConfig#dedupWindow()} earlier or later (raw record time), using the window store
 *       {@value #DEDUP_STORE}.
 *   <li><b>route</b>: sends the event to its type's topic, keyed by {@code device_id}, as {@link
 *       EventSerde} JSON, with the event's {@code ts} as record timestamp.
 * </ol>
 *
 * <p>Run it with the properties of {@link #streamsProperties(TopologyConfig)} on top of the
 * application's own (application id, bootstrap servers, {@code exactly_once_v2}, state directory,
 * ...).
 */
public final class CornjacketTopology {

  /** The de-duplication window store: key {@code device_id/event_id}, value first-seen time. */
  public static final String DEDUP_STORE = "dedup-ids";

  /** The {@code device-latest} projection: key {@code device_id}, value {@code DeviceLatest}. */
  public static final String DEVICE_LATEST_STORE = "device-latest";

  /**
   * The {@code rollup-1m} projection: a window store, key {@code device_id/metric} ({@code
   * RollupKeys}), value {@code Rollup}.
   */
  public static final String ROLLUP_STORE = "rollup-1m";

  /**
   * The {@code anomalies-recent} projection: a window store with duplicates, key {@code device_id},
   * timestamp the reading's time, value {@code Anomaly}.
   */
  public static final String ANOMALIES_STORE = "anomalies-recent";

  /** Node names, as they appear in the topology description and in handler dead letters. */
  public static final String RAW_SOURCE = "read-raw";

  public static final String VALIDATE = "validate";
  public static final String DEDUP = "dedup";
  public static final String ROUTE = "route";
  public static final String DEAD_LETTER_SINK = "write-dead-letters";
  public static final String PROJECT_DEVICE = "project-device-latest";
  public static final String PROJECT_ROLLUPS = "project-rollups";
  public static final String PROJECT_ANOMALIES = "project-anomalies";
  public static final String DEVICE_LATEST_SINK = "write-device-latest";
  public static final String ROLLUPS_SINK = "write-rollups";

  private CornjacketTopology() {}

  /** The topology for {@code config}; equal configurations give equal topologies. */
  public static Topology build(TopologyConfig config) {
    Objects.requireNonNull(config, "config");
    Topics topics = config.topics();
    TopologyMetrics metrics = config.metrics();
    // The clock is never read: the topology validates ts against each envelope's received_at.
    EventValidator validator = new EventValidator(config.limits(), Clock.systemUTC());
    ProjectionConfig projections = config.projections();
    Map<EventType, List<String>> childrenByType = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      childrenByType.put(
          type,
          type == EventType.SENSOR
              ? List.of(sinkName(type), PROJECT_DEVICE, PROJECT_ROLLUPS)
              : List.of(sinkName(type), PROJECT_DEVICE));
    }

    Topology topology = new Topology();
    topology.addSource(
        RAW_SOURCE,
        topics.raw().keySerde().deserializer(),
        Serdes.ByteArray().deserializer(),
        topics.raw().name());
    topology.addProcessor(
        VALIDATE,
        () -> new EventValidationProcessor(validator, metrics, DEDUP, DEAD_LETTER_SINK),
        RAW_SOURCE);
    topology.addProcessor(
        DEDUP,
        () -> new WindowedDeduplicator(DEDUP_STORE, config.dedupWindow(), metrics),
        VALIDATE);
    topology.addStateStore(dedupStore(config), DEDUP);
    topology.addProcessor(ROUTE, () -> new EventTypeRouter(childrenByType), DEDUP);
    topology.addProcessor(
        PROJECT_DEVICE, () -> new DeviceProjection(DEVICE_LATEST_STORE, DEVICE_LATEST_SINK), ROUTE);
    topology.addStateStore(deviceLatestStore(config), PROJECT_DEVICE);
    topology.addProcessor(
        PROJECT_ROLLUPS,
        () ->
            new RollupProjection(
                ROLLUP_STORE,
                projections.rollupWindow(),
                projections.rollupGrace(),
                metrics,
                ROLLUPS_SINK),
        ROUTE);
    topology.addStateStore(rollupStore(config), PROJECT_ROLLUPS);

    Topic<String, byte[]> deadLetters = topics.deadLetters();
    topology.addSink(
        DEAD_LETTER_SINK,
        deadLetters.name(),
        deadLetters.keySerde().serializer(),
        deadLetters.valueSerde().serializer(),
        VALIDATE);
    for (EventType type : EventType.values()) {
      Topic<String, Event> topic = topics.byType(type);
      topology.addSink(
          sinkName(type),
          topic.name(),
          topic.keySerde().serializer(),
          topic.valueSerde().serializer(),
          ROUTE);
    }
    addSink(topology, DEVICE_LATEST_SINK, topics.deviceLatest(), PROJECT_DEVICE);
    addSink(topology, ROLLUPS_SINK, topics.rollups1m(), PROJECT_ROLLUPS);
    return topology;
  }

  /**
   * Adds the {@code anomalies-recent} projection as a child of {@code anomalySource}, the node that
   * emits anomalies. It forwards device snapshots to {@value #DEVICE_LATEST_SINK}, which must be
   * added after it with {@value #PROJECT_ANOMALIES} among its parents.
   */
  static void addAnomalyProjection(Topology topology, TopologyConfig config, String anomalySource) {
    ProjectionConfig projections = config.projections();
    topology.addProcessor(
        PROJECT_ANOMALIES,
        () ->
            new AnomalyProjection(
                ANOMALIES_STORE,
                DEVICE_LATEST_STORE,
                projections.anomalyRetention(),
                projections.maxAnomaliesPerDevice(),
                config.metrics(),
                DEVICE_LATEST_SINK),
        anomalySource);
    topology.addStateStore(anomaliesStore(config), PROJECT_ANOMALIES);
  }

  /**
   * The projections of anomalies read from {@code anomalies} (only for testing them without a
   * scorer): source, {@value #PROJECT_ANOMALIES} with both stores, and the device-latest sink.
   */
  static Topology anomalyProjectionOnly(TopologyConfig config) {
    Topology topology = new Topology();
    Topic<String, Anomaly> anomalies = config.topics().anomalies();
    topology.addSource(
        "read-anomalies",
        anomalies.keySerde().deserializer(),
        anomalies.valueSerde().deserializer(),
        anomalies.name());
    addAnomalyProjection(topology, config, "read-anomalies");
    topology.addStateStore(deviceLatestStore(config), PROJECT_ANOMALIES);
    addSink(topology, DEVICE_LATEST_SINK, config.topics().deviceLatest(), PROJECT_ANOMALIES);
    return topology;
  }

  private static <V> void addSink(
      Topology topology, String name, Topic<String, V> topic, String... parents) {
    topology.addSink(
        name,
        topic.name(),
        topic.keySerde().serializer(),
        topic.valueSerde().serializer(),
        parents);
  }

  /**
   * Kafka Streams properties the topology needs, keyed by {@link
   * org.apache.kafka.streams.StreamsConfig} constants: the three exception handlers of {@link
   * DeadLetterHandlers}, the dead-letter topic they write to ({@code
   * errors.dead.letter.queue.topic.name}) and the metrics they count with ({@value
   * DeadLetterHandlers#METRICS_CONFIG}). No default serdes: every source, sink and store names its
   * own. Put these into the application's properties (they hold objects, so use a {@code Map} or
   * {@code Properties.putAll}, not strings).
   */
  public static Map<String, Object> streamsProperties(TopologyConfig config) {
    Objects.requireNonNull(config, "config");
    return DeadLetterHandlers.properties(config);
  }

  /** The sink node of {@code type}'s topic, for example {@code write-sensor}. */
  public static String sinkName(EventType type) {
    return "write-" + type.wireName();
  }

  private static StoreBuilder<KeyValueStore<String, DeviceLatest>> deviceLatestStore(
      TopologyConfig config) {
    KeyValueBytesStoreSupplier supplier =
        switch (config.stores()) {
          case PERSISTENT -> Stores.persistentKeyValueStore(DEVICE_LATEST_STORE);
          case IN_MEMORY -> Stores.inMemoryKeyValueStore(DEVICE_LATEST_STORE);
        };
    return Stores.keyValueStoreBuilder(
        supplier, Serdes.String(), config.topics().deviceLatest().valueSerde());
  }

  private static StoreBuilder<WindowStore<String, Rollup>> rollupStore(TopologyConfig config) {
    ProjectionConfig projections = config.projections();
    return Stores.windowStoreBuilder(
        windowSupplier(
            config, ROLLUP_STORE, projections.rollupRetention(), projections.rollupWindow(), false),
        Serdes.String(),
        config.topics().rollups1m().valueSerde());
  }

  private static StoreBuilder<WindowStore<String, Anomaly>> anomaliesStore(TopologyConfig config) {
    // Window size 1 ms: each anomaly is a point in time; duplicates retained, since one device may
    // have several anomalies (one per metric) at the same instant.
    return Stores.windowStoreBuilder(
        windowSupplier(
            config,
            ANOMALIES_STORE,
            config.projections().anomalyRetention(),
            Duration.ofMillis(1),
            true),
        Serdes.String(),
        config.topics().anomalies().valueSerde());
  }

  private static WindowBytesStoreSupplier windowSupplier(
      TopologyConfig config,
      String name,
      Duration retention,
      Duration size,
      boolean retainDuplicates) {
    return switch (config.stores()) {
      case PERSISTENT -> Stores.persistentWindowStore(name, retention, size, retainDuplicates);
      case IN_MEMORY -> Stores.inMemoryWindowStore(name, retention, size, retainDuplicates);
    };
  }

  private static StoreBuilder<WindowStore<String, Long>> dedupStore(TopologyConfig config) {
    // Changelogged by default: de-duplication survives restarts and rebalances.
    Duration retention = WindowedDeduplicator.retention(config.dedupWindow());
    WindowBytesStoreSupplier supplier =
        switch (config.stores()) {
          case PERSISTENT ->
              Stores.persistentWindowStore(DEDUP_STORE, retention, config.dedupWindow(), false);
          case IN_MEMORY ->
              Stores.inMemoryWindowStore(DEDUP_STORE, retention, config.dedupWindow(), false);
        };
    return Stores.windowStoreBuilder(supplier, Serdes.String(), Serdes.Long());
  }
}
