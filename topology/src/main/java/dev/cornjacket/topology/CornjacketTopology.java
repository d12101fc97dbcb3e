package dev.cornjacket.topology;

import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.anomaly.DetectorParameters;
import dev.cornjacket.topology.internal.processor.AnomalyScorer;
import dev.cornjacket.topology.internal.processor.EventTypeRouter;
import dev.cornjacket.topology.internal.processor.EventValidationProcessor;
import dev.cornjacket.topology.internal.processor.ModelParametersLoader;
import dev.cornjacket.topology.internal.processor.WindowedDeduplicator;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
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
 *                   │       [dedup-ids]       │  [anomaly-models]
 *                   v                         │  {models} └─> anomalies
 *              dead letters <─────────────────│──── (score failures)
 *                                             ├─> user_action
 *                                             └─> system
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
 * </ol>
 *
 * <p>Run it with the properties of {@link #streamsProperties(TopologyConfig)} on top of the
 * application's own (application id, bootstrap servers, {@code exactly_once_v2}, state directory,
 * ...).
 */
public final class CornjacketTopology {

  /** The de-duplication window store: key {@code device_id/event_id}, value first-seen time. */
  public static final String DEDUP_STORE = "dedup-ids";

  /** The anomaly models of each device: key {@code device_id}, value all its metrics' states. */
  public static final String ANOMALY_MODEL_STORE = "anomaly-models";

  /** The global store of published detector parameters: key model name, value JSON. */
  public static final String MODELS_STORE = "models";

  /** Node names, as they appear in the topology description and in handler dead letters. */
  public static final String RAW_SOURCE = "read-raw";

  public static final String VALIDATE = "validate";
  public static final String DEDUP = "dedup";
  public static final String ROUTE = "route";
  public static final String DEAD_LETTER_SINK = "write-dead-letters";
  public static final String SCORE = "score";
  public static final String ANOMALY_SINK = "write-anomalies";
  public static final String MODELS_SOURCE = "read-models";
  public static final String MODELS_LOADER = "load-models";

  private CornjacketTopology() {}

  /** The topology for {@code config}; equal configurations give equal topologies. */
  public static Topology build(TopologyConfig config) {
    Objects.requireNonNull(config, "config");
    Topics topics = config.topics();
    TopologyMetrics metrics = config.metrics();
    // The clock is never read: the topology validates ts against each envelope's received_at.
    EventValidator validator = new EventValidator(config.limits(), Clock.systemUTC());
    Map<EventType, String> sinkByType = new EnumMap<>(EventType.class);
    for (EventType type : EventType.values()) {
      sinkByType.put(type, sinkName(type));
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
    boolean scoring = config.anomaly().enabled();
    // Sensor events are routed to the scorer, which forwards them, scored, to the sensor sink.
    Map<EventType, String> childByType = new EnumMap<>(sinkByType);
    if (scoring) {
      childByType.put(EventType.SENSOR, SCORE);
    }
    topology.addProcessor(ROUTE, () -> new EventTypeRouter(childByType), DEDUP);
    if (scoring) {
      addScoring(topology, config, sinkByType.get(EventType.SENSOR));
    }
    Topic<String, byte[]> deadLetters = topics.deadLetters();
    topology.addSink(
        DEAD_LETTER_SINK,
        deadLetters.name(),
        deadLetters.keySerde().serializer(),
        deadLetters.valueSerde().serializer(),
        scoring ? new String[] {VALIDATE, SCORE} : new String[] {VALIDATE});
    for (EventType type : EventType.values()) {
      Topic<String, Event> topic = topics.byType(type);
      topology.addSink(
          sinkByType.get(type),
          topic.name(),
          topic.keySerde().serializer(),
          topic.valueSerde().serializer(),
          type == EventType.SENSOR && scoring ? SCORE : ROUTE);
    }
    if (scoring) {
      Topic<String, Anomaly> anomalies = topics.anomalies();
      topology.addSink(
          ANOMALY_SINK,
          anomalies.name(),
          anomalies.keySerde().serializer(),
          anomalies.valueSerde().serializer(),
          SCORE);
    }
    return topology;
  }

  /**
   * The score step, its model store and the global store of published parameters. The scorer
   * forwards scored events to a list of named children (today the sensor sink; projections join
   * it), anomalies to the anomaly sink and failures to the dead-letter sink, never unnamed.
   */
  private static void addScoring(Topology topology, TopologyConfig config, String sensorSink) {
    List<String> scoredChildren = List.of(sensorSink);
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
                ANOMALY_SINK,
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
