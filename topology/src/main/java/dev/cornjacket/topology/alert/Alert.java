package dev.cornjacket.topology.alert;

import dev.cornjacket.topology.anomaly.Anomaly;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An alert: the value of {@code cj.alerts}, keyed by {@code device_id}. One alert is raised per
 * {@code (device_id, alert_type)} and de-duplication window; repeats inside the window are counted,
 * not sent. When the window closes with repeats, a second record with the same {@code alert_id} and
 * {@code kind} {@value #SUMMARY} carries the final count.
 *
 * @param alertId stable id, {@code <device_id>/<anomaly_id of the anomaly that opened the window>}:
 *     the idempotency key downstream (the same for the {@value #RAISED} and the {@value #SUMMARY}
 *     record of one window)
 * @param kind {@value #RAISED} (first anomaly of a window) or {@value #SUMMARY} (the window closed
 *     and repeats were suppressed)
 * @param deviceId the device
 * @param alertType {@code anomaly.<metric>}
 * @param severity from the opening anomaly's score, see {@link Severity}
 * @param raisedAt the opening anomaly's reading time
 * @param windowEndsAt until when repeats are suppressed
 * @param anomalyId the opening anomaly
 * @param eventId the event of the opening anomaly
 * @param metric the metric
 * @param value the reading
 * @param score the anomaly score in [0, 1]
 * @param modelVersion the detector version that scored it
 * @param reasons what was unusual
 * @param suppressed repeats inside the window that were not sent (0 for {@value #RAISED})
 */
public record Alert(
    String alertId,
    String kind,
    String deviceId,
    String alertType,
    String severity,
    Instant raisedAt,
    Instant windowEndsAt,
    String anomalyId,
    String eventId,
    String metric,
    double value,
    double score,
    String modelVersion,
    List<String> reasons,
    long suppressed) {

  /** The first alert of a window. */
  public static final String RAISED = "raised";

  /** The close of a window in which repeats were suppressed. */
  public static final String SUMMARY = "summary";

  private static final Set<String> KINDS = Set.of(RAISED, SUMMARY);

  public Alert {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(alertType, "alertType");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(raisedAt, "raisedAt");
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("kind must be raised or summary, got '" + kind + "'");
    }
    Severity.of(severity);
    if (suppressed < 0) {
      throw new IllegalArgumentException("suppressed must not be negative, got " + suppressed);
    }
    reasons = reasons == null ? List.of() : List.copyOf(reasons);
  }

  /** The alert type of an anomaly: {@code anomaly.<metric>}. */
  public static String typeOf(Anomaly anomaly) {
    return "anomaly." + anomaly.metric();
  }

  /** The alert {@code anomaly} raises, opening a window of {@code window} length. */
  public static Alert raisedBy(Anomaly anomaly, java.time.Duration window) {
    return new Alert(
        anomaly.deviceId() + "/" + anomaly.anomalyId(),
        RAISED,
        anomaly.deviceId(),
        typeOf(anomaly),
        Severity.ofScore(anomaly.score()).wireName(),
        anomaly.ts(),
        anomaly.ts().plus(window),
        anomaly.anomalyId(),
        anomaly.eventId(),
        anomaly.metric(),
        anomaly.value(),
        anomaly.score(),
        anomaly.modelVersion(),
        anomaly.reasons(),
        0);
  }

  /** The summary of this alert's window with {@code count} suppressed repeats. */
  public Alert summary(long count) {
    return with(SUMMARY, count);
  }

  /** The same alert with {@code count} repeats suppressed so far. */
  public Alert withSuppressed(long count) {
    return with(kind, count);
  }

  private Alert with(String newKind, long count) {
    return new Alert(
        alertId,
        newKind,
        deviceId,
        alertType,
        severity,
        raisedAt,
        windowEndsAt,
        anomalyId,
        eventId,
        metric,
        value,
        score,
        modelVersion,
        reasons,
        count);
  }
}
