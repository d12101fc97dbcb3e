package dev.cornjacket.topology.internal.processor;

import dev.cornjacket.config.AnomalySettings;
import dev.cornjacket.topology.DeadLetters;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventSerde;
import dev.cornjacket.topology.JsonSerde;
import dev.cornjacket.topology.TopologyMetrics;
import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.anomaly.AnomalyModel;
import dev.cornjacket.topology.anomaly.AnomalyModels;
import dev.cornjacket.topology.anomaly.DetectorParameters;
import dev.cornjacket.topology.anomaly.DeviceModelStates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 4: scores every metric of each sensor event with that device's anomaly models.
 *
 * <ul>
 *   <li>Input: key {@code device_id}, value a routed sensor {@link Event}.
 *   <li>Output to every child of {@code scoredChildren} (the sensor topic's sink, and the
 *       projections): the event {@link Event#withScores with the score} of each metric, key,
 *       timestamp and headers unchanged. Events are never held back: a reading that cannot be
 *       scored goes on without its score.
 *   <li>Output to every child of {@code anomalyChildren} (the anomaly topic's sink and the anomaly
 *       projection): an {@link Anomaly} for every reading scoring at least the threshold, key
 *       {@code device_id}, timestamp of the event.
 *   <li>Output to {@code deadLetterChild}: the event's JSON with {@link DeadLetters} headers, stage
 *       {@value DeadLetters#STAGE_SCORE}, when a reading could not be scored: {@value
 *       #SCORE_FAILED} (the model threw or gave no finite score; that metric's model is left as it
 *       was) or {@value #UNREADABLE_STATE} (the stored models cannot be read; the device's models
 *       start afresh).
 *   <li>Store (owned): {@code modelStore}, a changelogged {@code KeyValueStore<String, byte[]>},
 *       key {@code device_id}, value the {@link DeviceModelStates} of the device's metrics (a few
 *       KiB), so that a restarted or moved instance scores exactly as this one would have.
 *   <li>Store (global, read only): {@code parametersStore}, key model name, value the JSON of its
 *       {@link DetectorParameters}, fed from the models topic.
 * </ul>
 *
 * <p><b>Model versions.</b> The application publishes the detector's parameters and version to the
 * compacted models topic at start-up, and every instance reads that topic into a global store. The
 * scorer uses the parameters found there for its model name, and its own built-in ones until the
 * topic has any: all instances score with the same, published, auditable parameters even during a
 * rolling upgrade. A model state records a fingerprint of the parameters it was learned with; a
 * change of parameters restarts the affected models (a new probation) rather than reading state in
 * a format it was not written in. Every anomaly names the version that scored it.
 *
 * <p><b>Cold start.</b> A metric's first {@link AnomalySettings#probation()} readings are learned
 * from and scored 0.
 */
public final class AnomalyScorer implements Processor<String, Event, String, Object> {

  /** Dead-letter reason: a model failed on a reading or gave no finite score. */
  public static final String SCORE_FAILED = "score_failed";

  /** Dead-letter reason: the device's stored model states cannot be read. */
  public static final String UNREADABLE_STATE = "unreadable_model_state";

  private static final Logger log = LoggerFactory.getLogger(AnomalyScorer.class);
  private static final JsonSerde<DetectorParameters> PARAMETERS =
      JsonSerde.of(DetectorParameters.class);

  private final String modelStoreName;
  private final String parametersStoreName;
  private final DetectorParameters builtIn;
  private final AnomalySettings settings;
  private final TopologyMetrics metrics;
  private final List<String> scoredChildren;
  private final List<String> anomalyChildren;
  private final String deadLetterChild;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, byte[]> models;
  private ReadOnlyKeyValueStore<String, byte[]> published;
  private byte[] publishedJson;
  private AnomalyModels factory;

  /**
   * @param modelStoreName the store of the devices' model states
   * @param parametersStoreName the global store of published parameters
   * @param builtIn the parameters to use while none are published
   * @param scoredChildren the children that receive every scored event, in order
   * @param anomalyChildren the children that receive every anomaly, in order
   * @param deadLetterChild the child that receives scoring failures
   */
  public AnomalyScorer(
      String modelStoreName,
      String parametersStoreName,
      DetectorParameters builtIn,
      AnomalySettings settings,
      TopologyMetrics metrics,
      List<String> scoredChildren,
      List<String> anomalyChildren,
      String deadLetterChild) {
    this.modelStoreName = Objects.requireNonNull(modelStoreName, "modelStoreName");
    this.parametersStoreName = Objects.requireNonNull(parametersStoreName, "parametersStoreName");
    this.builtIn = Objects.requireNonNull(builtIn, "builtIn");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.scoredChildren = List.copyOf(scoredChildren);
    if (this.scoredChildren.isEmpty()) {
      throw new IllegalArgumentException("scoredChildren must name at least one child");
    }
    this.anomalyChildren = List.copyOf(anomalyChildren);
    this.deadLetterChild = Objects.requireNonNull(deadLetterChild, "deadLetterChild");
    this.factory = new AnomalyModels(builtIn);
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.models = context.getStateStore(modelStoreName);
    this.published = context.getStateStore(parametersStoreName);
  }

  @Override
  public void process(Record<String, Event> record) {
    Event event = record.value();
    AnomalyModels current = currentModels();
    LinkedHashMap<String, byte[]> states;
    try {
      states = DeviceModelStates.read(models.get(event.deviceId()));
    } catch (IllegalArgumentException e) {
      deadLetter(record, UNREADABLE_STATE, "stored models of the device: " + e.getMessage());
      states = new LinkedHashMap<>();
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    List<Anomaly> anomalies = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, Double> reading : event.metrics().entrySet()) {
      String metric = reading.getKey();
      double value = reading.getValue();
      try {
        byte[] state = states.remove(metric);
        AnomalyModel model = state == null ? current.create() : current.read(state);
        double score = model.score(event.ts().toEpochMilli(), value);
        if (!Double.isFinite(score) || score < 0 || score > 1) {
          throw new IllegalStateException("the model scored " + score);
        }
        states.put(metric, model.toBytes());
        if (model.readings() <= settings.probation()) {
          score = 0;
        }
        scores.put(metric, score);
        if (score >= settings.threshold() && score > 0) {
          anomalies.add(anomaly(event, metric, value, score, current, model.reasons()));
        }
      } catch (RuntimeException e) {
        failures.add(metric + " = " + value + ": " + e.getMessage());
      }
    }
    models.put(event.deviceId(), DeviceModelStates.write(states));
    if (!failures.isEmpty()) {
      deadLetter(record, SCORE_FAILED, String.join("; ", failures));
    }
    Record<String, Object> scored = record.withValue(event.withScores(scores));
    for (String child : scoredChildren) {
      context.forward(scored, child);
    }
    for (Anomaly anomaly : anomalies) {
      metrics.anomalyDetected();
      for (String child : anomalyChildren) {
        context.forward(record.withValue((Object) anomaly), child);
      }
    }
  }

  /** The models of the published parameters, or of the built-in ones while none are published. */
  private AnomalyModels currentModels() {
    byte[] json = published.get(builtIn.model());
    if (json == null || Arrays.equals(json, publishedJson)) {
      return factory;
    }
    publishedJson = json;
    try {
      factory = new AnomalyModels(PARAMETERS.read(parametersStoreName, json));
      log.info(
          "Scoring with published parameters of {} version {}",
          builtIn.model(),
          factory.parameters().version());
    } catch (SerializationException | IllegalArgumentException e) {
      log.warn(
          "Published parameters of {} cannot be read, keeping version {}: {}",
          builtIn.model(),
          factory.parameters().version(),
          e.getMessage());
    }
    return factory;
  }

  private static Anomaly anomaly(
      Event event,
      String metric,
      double value,
      double score,
      AnomalyModels models,
      List<String> reasons) {
    String eventId = event.eventId() == null ? "" : event.eventId();
    return new Anomaly(
        Anomaly.idOf(eventId, metric),
        event.eventId(),
        event.deviceId(),
        metric,
        value,
        score,
        event.ts(),
        models.parameters().version(),
        reasons);
  }

  private void deadLetter(Record<String, Event> record, String reason, String message) {
    RecordMetadata origin = context.recordMetadata().orElse(null);
    Event event = record.value();
    var headers =
        DeadLetters.headers(
            reason,
            message,
            DeadLetters.STAGE_SCORE,
            event.ingest() == null ? null : event.ingest().source(),
            origin == null ? null : origin.topic(),
            origin == null ? -1 : origin.partition(),
            origin == null ? -1 : origin.offset(),
            Instant.ofEpochMilli(context.currentSystemTimeMs()));
    metrics.deadLettered(DeadLetters.STAGE_SCORE, reason);
    context.forward(
        new Record<String, Object>(
            record.key(), EventSerde.write(event), record.timestamp(), headers),
        deadLetterChild);
  }
}
