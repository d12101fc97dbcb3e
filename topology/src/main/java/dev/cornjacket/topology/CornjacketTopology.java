package dev.cornjacket.topology;

import dev.cornjacket.config.StreamsSettings.RollupEmit;
import dev.cornjacket.topology.alert.Alert;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.anomaly.DetectorParameters;
import dev.cornjacket.topology.internal.processor.AlertDeduplicator;
import dev.cornjacket.topology.internal.processor.AnomalyProjection;
import dev.cornjacket.topology.internal.processor.AnomalyScorer;
import dev.cornjacket.topology.internal.processor.DeviceProjection;
import dev.cornjacket.topology.internal.processor.EventTypeRouter;
import dev.cornjacket.topology.internal.processor.EventValidationProcessor;
import dev.cornjacket.topology.internal.processor.ModelParametersLoader;
import dev.cornjacket.topology.internal.processor.RollupProjection;
import dev.cornjacket.topology.internal.processor.WindowedDeduplicator;
import dev.cornjacket.topology.internal.store.CheckpointedWindowStores;
import dev.cornjacket.topology.internal.store.DeviceLatestStoreSerde;
import dev.cornjacket.topology.internal.store.DeviceRollupStoreSerde;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.DeviceRollup;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
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
 * raw (bytes) ─> validate ─> dedup ─> route ─┬─> score ─┬─> sensor (with scores)
 *                   │       [dedup-ids]       │  [anomaly-models], {models}
 *                   v                         │         ├─> project-rollups [device-rollup-1m] ─> proj.rollups_1m
 *              dead letters <── (score        │         ├─> project-device-latest [device-latest]
 *                                failures)    │         └─> anomalies, project-anomalies [anomalies-recent]
 *                                             ├─> user_action, system
 *                                             └─> project-device-latest [device-latest-pending] ─> proj.device_latest
 * models topic ─> {models} (global store of published detector parameters)
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
 *       EventSerde} JSON, with the event's {@code ts} as record timestamp; sensor events go through
 *       score first.
 *   <li><b>score</b>: {@link AnomalyScorer} scores every metric of a sensor event with the device's
 *       models (store {@value #ANOMALY_MODEL_STORE}), forwards the event with its scores to the
 *       sensor sink and readings over the threshold to {@link Topics#anomalies()}; the detector's
 *       parameters come from the global store {@value #MODELS_STORE} (topic {@link
 *       Topics#models()}) when published, else {@link DetectorParameters#DEFAULTS}.
 *   <li><b>project</b>: {@link DeviceProjection}, {@link RollupProjection} and {@link
 *       AnomalyProjection} keep the queryable stores {@value #DEVICE_LATEST_STORE}, {@value
 *       #ROLLUP_STORE} and {@value #ANOMALIES_STORE} and write their updates to {@link
 *       Topics#deviceLatest()} (a device's at most every {@link ProjectionConfig#latestInterval()})
 *       and {@link Topics#rollups1m()} (when a window ends), in the same sub-topology (no extra
 *       topic hop between an event and its queryable state).
 *   <li><b>alert</b>: {@link AlertDeduplicator} turns anomalies into {@link Topics#alerts()}, one
 *       per device, alert type and {@link TopologyConfig#alertWindow()} (store {@value
 *       #ALERTS_OPEN_STORE}).
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
   * The 1-minute rollups: a window store, key {@code device_id}, value {@code DeviceRollup} (all
   * the device's metrics of the window). It replaced {@code rollup-1m} (key {@code
   * device_id/metric}, one {@code Rollup} per metric): a name of its own gives it a changelog of
   * its own, so the old store's values are never read as the new format. After the upgrade its
   * windows start empty; PostgreSQL keeps the history.
   */
  public static final String ROLLUP_STORE = "device-rollup-1m";

  /**
   * The rollup windows not yet forwarded to {@code cj.proj.rollups_1m} (only with {@code
   * CORNJACKET_STREAMS_ROLLUP_EMIT=window_end}): key window end and {@code device_id}, no value.
   */
  public static final String ROLLUP_PENDING_STORE = "device-rollup-1m-pending";

  /**
   * The devices whose snapshot is not yet forwarded to {@code cj.proj.device_latest} (unless {@code
   * CORNJACKET_STREAMS_DEVICE_LATEST_INTERVAL=0s}): key due time and {@code device_id}, no value.
   */
  public static final String LATEST_PENDING_STORE = "device-latest-pending";

  /**
   * The {@code anomalies-recent} projection: a window store with duplicates, key {@code device_id},
   * timestamp the reading's time, value {@code Anomaly}.
   */
  public static final String ANOMALIES_STORE = "anomalies-recent";

  /** The anomaly models of each device: key {@code device_id}, value all its metrics' states. */
  public static final String ANOMALY_MODEL_STORE = "anomaly-models";

  /**
   * The open alert windows: key {@code device_id/alert_type}, value the window's {@code Alert} with
   * its suppressed count so far; changelogged, so de-duplication survives restarts and rebalances.
   */
  public static final String ALERTS_OPEN_STORE = "alerts-open";

  /** The global store of published detector parameters: key model name, value JSON. */
  public static final String MODELS_STORE = "models";

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
  public static final String SCORE = "score";
  public static final String ANOMALY_SINK = "write-anomalies";
  public static final String DEDUP_ALERTS = "dedup-alerts";
  public static final String ALERT_SINK = "write-alerts";
  public static final String MODELS_SOURCE = "read-models";
  public static final String MODELS_LOADER = "load-models";

  private CornjacketTopology() {}

  /** The topology for {@code config}; equal configurations give equal topologies. */
  public static Topology build(TopologyConfig config) {
    Objects.requireNonNull(config, "config");
    Topics topics = config.topics();
    TopologyMetrics metrics = config.metrics();
    ProjectionConfig projections = config.projections();
    boolean scoring = config.anomaly().enabled();
    // The clock is never read: the topology validates ts against each envelope's received_at.
    EventValidator validator = new EventValidator(config.limits(), Clock.systemUTC());

    // Sensor events go to the scorer (which passes them on, scored) or, without scoring, straight
    // to the sensor sink and the sensor projections; other types to their sink and device-latest.
    List<String> sensorChildren =
        List.of(sinkName(EventType.SENSOR), PROJECT_DEVICE, PROJECT_ROLLUPS);
    Map<EventType, List<String>> childrenByType = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      childrenByType.put(
          type,
          type != EventType.SENSOR
              ? List.of(sinkName(type), PROJECT_DEVICE)
              : scoring ? List.of(SCORE) : sensorChildren);
    }
    String sensorParent = scoring ? SCORE : ROUTE;

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
    if (scoring) {
      addScoring(
          topology, config, sensorChildren, List.of(ANOMALY_SINK, PROJECT_ANOMALIES, DEDUP_ALERTS));
    }

    boolean holdsRollupsBack = projections.rollupEmit() == RollupEmit.WINDOW_END;
    boolean holdsLatestBack = projections.holdsLatestBack();
    topology.addProcessor(
        PROJECT_DEVICE,
        () ->
            new DeviceProjection(
                DEVICE_LATEST_STORE,
                holdsLatestBack ? LATEST_PENDING_STORE : null,
                projections.latestInterval(),
                DEVICE_LATEST_SINK),
        distinct(ROUTE, sensorParent));
    topology.addStateStore(deviceLatestStore(config), PROJECT_DEVICE);
    if (holdsLatestBack) {
      topology.addStateStore(pendingStore(config, LATEST_PENDING_STORE), PROJECT_DEVICE);
    }
    topology.addProcessor(
        PROJECT_ROLLUPS,
        () ->
            new RollupProjection(
                ROLLUP_STORE,
                holdsRollupsBack ? ROLLUP_PENDING_STORE : null,
                projections.rollupWindow(),
                projections.rollupGrace(),
                metrics,
                ROLLUPS_SINK),
        sensorParent);
    topology.addStateStore(rollupStore(config), PROJECT_ROLLUPS);
    if (holdsRollupsBack) {
      topology.addStateStore(pendingStore(config, ROLLUP_PENDING_STORE), PROJECT_ROLLUPS);
    }
    List<String> latestParents = new ArrayList<>(List.of(PROJECT_DEVICE));
    if (scoring) {
      addAnomalyProjection(topology, config, SCORE);
      addAlertDeduplication(topology, config, SCORE);
      topology.connectProcessorAndStateStores(PROJECT_ANOMALIES, DEVICE_LATEST_STORE);
      latestParents.add(PROJECT_ANOMALIES);
    }

    addSink(
        topology,
        DEAD_LETTER_SINK,
        topics.deadLetters(),
        scoring ? new String[] {VALIDATE, SCORE} : new String[] {VALIDATE});
    for (EventType type : EventType.values()) {
      addSink(
          topology,
          sinkName(type),
          topics.byType(type),
          type == EventType.SENSOR ? sensorParent : ROUTE);
    }
    if (scoring) {
      addSink(topology, ANOMALY_SINK, topics.anomalies(), SCORE);
      addSink(topology, ALERT_SINK, topics.alerts(), DEDUP_ALERTS);
    }
    addSink(
        topology, DEVICE_LATEST_SINK, topics.deviceLatest(), latestParents.toArray(String[]::new));
    addSink(topology, ROLLUPS_SINK, topics.rollups1m(), PROJECT_ROLLUPS);
    return topology;
  }

  private static String[] distinct(String... parents) {
    return java.util.Arrays.stream(parents).distinct().toArray(String[]::new);
  }

  /**
   * The score step, its model store and the global store of published parameters. The scorer
   * forwards scored events to a list of named children, anomalies to another list, and failures to
   * the dead-letter sink, never unnamed.
   */
  private static void addScoring(
      Topology topology,
      TopologyConfig config,
      List<String> scoredChildren,
      List<String> anomalyChildren) {
    TopologyMetrics metrics = config.metrics();
    topology.addProcessor(
        SCORE,
        () ->
            new AnomalyScorer(
                ANOMALY_MODEL_STORE,
                MODELS_STORE,
                DetectorParameters.DEFAULTS,
                config.anomaly(),
                metrics,
                scoredChildren,
                anomalyChildren,
                DEAD_LETTER_SINK),
        ROUTE);
    topology.addStateStore(anomalyModelStore(config), SCORE);
    Topic<String, DetectorParameters> models = config.topics().models();
    topology.addGlobalStore(
        modelsStore(),
        MODELS_SOURCE,
        models.keySerde().deserializer(),
        Serdes.ByteArray().deserializer(),
        models.name(),
        MODELS_LOADER,
        () -> new ModelParametersLoader(MODELS_STORE));
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
   * Adds {@value #DEDUP_ALERTS} with its store {@value #ALERTS_OPEN_STORE} as a child of {@code
   * anomalySource}; it forwards to {@value #ALERT_SINK}, which must be added after it.
   */
  static void addAlertDeduplication(
      Topology topology, TopologyConfig config, String anomalySource) {
    topology.addProcessor(
        DEDUP_ALERTS,
        () ->
            new AlertDeduplicator(
                ALERTS_OPEN_STORE, config.alertWindow(), config.metrics(), ALERT_SINK),
        anomalySource);
    topology.addStateStore(alertsOpenStore(config), DEDUP_ALERTS);
  }

  /**
   * Alert de-duplication of anomalies read from {@code anomalies} (only for testing it without a
   * scorer): source, {@value #DEDUP_ALERTS} with its store, and the alerts sink.
   */
  static Topology alertDeduplicationOnly(TopologyConfig config) {
    Topology topology = new Topology();
    Topic<String, Anomaly> anomalies = config.topics().anomalies();
    topology.addSource(
        "read-anomalies",
        anomalies.keySerde().deserializer(),
        anomalies.valueSerde().deserializer(),
        anomalies.name());
    addAlertDeduplication(topology, config, "read-anomalies");
    addSink(topology, ALERT_SINK, config.topics().alerts(), DEDUP_ALERTS);
    return topology;
  }

  private static StoreBuilder<KeyValueStore<String, Alert>> alertsOpenStore(TopologyConfig config) {
    // Changelogged in both kinds: de-duplication survives restarts and rebalances.
    KeyValueBytesStoreSupplier supplier =
        switch (config.stores()) {
          case PERSISTENT -> Stores.persistentKeyValueStore(ALERTS_OPEN_STORE);
          case IN_MEMORY -> Stores.inMemoryKeyValueStore(ALERTS_OPEN_STORE);
        };
    return Stores.keyValueStoreBuilder(
        supplier, Serdes.String(), config.topics().alerts().valueSerde());
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
    return Stores.keyValueStoreBuilder(supplier, Serdes.String(), new DeviceLatestStoreSerde());
  }

  private static StoreBuilder<WindowStore<String, DeviceRollup>> rollupStore(
      TopologyConfig config) {
    ProjectionConfig projections = config.projections();
    return Stores.windowStoreBuilder(
        windowSupplier(
            config, ROLLUP_STORE, projections.rollupRetention(), projections.rollupWindow(), false),
        Serdes.String(),
        new DeviceRollupStoreSerde());
  }

  /** A store of records held back until they are due: byte keys, no values. */
  private static StoreBuilder<KeyValueStore<Bytes, byte[]>> pendingStore(
      TopologyConfig config, String name) {
    KeyValueBytesStoreSupplier supplier =
        switch (config.stores()) {
          case PERSISTENT -> Stores.persistentKeyValueStore(name);
          case IN_MEMORY -> Stores.inMemoryKeyValueStore(name);
        };
    return Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray());
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

  /**
   * Persistent window stores keep their changelog offsets in checkpoint files, not in their
   * segments: see {@link CheckpointedWindowStores} for the restart loop this avoids.
   */
  private static WindowBytesStoreSupplier windowSupplier(
      TopologyConfig config,
      String name,
      Duration retention,
      Duration size,
      boolean retainDuplicates) {
    return switch (config.stores()) {
      case PERSISTENT ->
          CheckpointedWindowStores.of(
              Stores.persistentWindowStore(name, retention, size, retainDuplicates));
      case IN_MEMORY -> Stores.inMemoryWindowStore(name, retention, size, retainDuplicates);
    };
  }

  private static StoreBuilder<KeyValueStore<String, byte[]>> anomalyModelStore(
      TopologyConfig config) {
    // Changelogged: a restarted or moved instance scores as this one would have. Offline (in
    // memory, in the test driver) the changelog is left out: the driver keeps every changelog
    // record it is sent in memory, a few KiB per event, and nothing ever restores from it.
    return switch (config.stores()) {
      case PERSISTENT ->
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(ANOMALY_MODEL_STORE),
              Serdes.String(),
              Serdes.ByteArray());
      case IN_MEMORY ->
          Stores.keyValueStoreBuilder(
                  Stores.inMemoryKeyValueStore(ANOMALY_MODEL_STORE),
                  Serdes.String(),
                  Serdes.ByteArray())
              .withLoggingDisabled();
    };
  }

  private static StoreBuilder<KeyValueStore<String, byte[]>> modelsStore() {
    // A global store is restored from its own (compacted) topic: no changelog.
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled();
  }

  private static StoreBuilder<WindowStore<String, Long>> dedupStore(TopologyConfig config) {
    // Changelogged by default: de-duplication survives restarts and rebalances.
    Duration retention = WindowedDeduplicator.retention(config.dedupWindow());
    return Stores.windowStoreBuilder(
        windowSupplier(config, DEDUP_STORE, retention, config.dedupWindow(), false),
        Serdes.String(),
        Serdes.Long());
  }
}
