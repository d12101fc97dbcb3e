package dev.cornjacket.topology.anomaly;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A scored reading over the anomaly threshold: the value of {@code cj.anomalies}.
 *
 * @param anomalyId stable id, {@code <event_id>/<metric>}: the idempotency key downstream
 * @param eventId the event the reading came from
 * @param deviceId the device
 * @param metric the metric's name
 * @param value the reading
 * @param score the anomaly score in [0, 1]
 * @param ts when the reading was taken (the event's {@code ts})
 * @param modelVersion the version of the detector that scored it
 * @param reasons what was unusual, in words, most important first
 */
public record Anomaly(
    String anomalyId,
    String eventId,
    String deviceId,
    String metric,
    double value,
    double score,
    Instant ts,
    String modelVersion,
    List<String> reasons) {

  public Anomaly {
    Objects.requireNonNull(anomalyId, "anomalyId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(modelVersion, "modelVersion");
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /** The anomaly id of a reading: unique per event and metric. */
  public static String idOf(String eventId, String metric) {
    return eventId + "/" + metric;
  }
}
