package dev.cornjacket.chaos;

import dev.cornjacket.devstack.junit.TopicReader;
import dev.cornjacket.topology.Topics;
import dev.cornjacket.topology.alert.Alert;
import dev.cornjacket.topology.anomaly.Anomaly;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Whether every anomaly of {@code cj.anomalies} got its alert decision in {@code cj.alerts}: a
 * {@code raised} alert of the same device and alert type whose window covers the anomaly (it either
 * raised that alert or was suppressed inside its window), with no anomaly and no raised alert
 * written twice.
 *
 * @param anomalies committed records of {@code cj.anomalies}
 * @param raised committed {@code raised} alerts
 * @param undecided anomalies no raised alert covers
 * @param duplicateAnomalies anomaly ids written more than once
 * @param duplicateAlerts raised alert ids written more than once
 */
record AlertDecisions(
    long anomalies, long raised, long undecided, long duplicateAnomalies, long duplicateAlerts) {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  static AlertDecisions read(ChaosStack stack) {
    Topics topics = new Topics();
    List<Anomaly> anomalies =
        values(stack, topics.anomalies().name(), topics.anomalies().valueSerde().deserializer());
    List<Alert> raised =
        values(stack, topics.alerts().name(), topics.alerts().valueSerde().deserializer()).stream()
            .filter(alert -> alert.kind().equals(Alert.RAISED))
            .toList();
    Map<String, List<Alert>> raisedByKey = new HashMap<>();
    for (Alert alert : raised) {
      raisedByKey
          .computeIfAbsent(alert.deviceId() + "/" + alert.alertType(), k -> new ArrayList<>())
          .add(alert);
    }
    long undecided =
        anomalies.stream()
            .filter(
                anomaly ->
                    raisedByKey
                        .getOrDefault(anomaly.deviceId() + "/" + Alert.typeOf(anomaly), List.of())
                        .stream()
                        .noneMatch(alert -> covers(alert, anomaly.ts())))
            .count();
    return new AlertDecisions(
        anomalies.size(),
        raised.size(),
        undecided,
        repeats(anomalies.stream().map(Anomaly::anomalyId).toList()),
        repeats(raised.stream().map(Alert::alertId).toList()));
  }

  /** The de-duplication window rule: before its end, and not more than a window before it. */
  private static boolean covers(Alert alert, Instant ts) {
    Duration length = Duration.between(alert.raisedAt(), alert.windowEndsAt());
    return ts.isBefore(alert.windowEndsAt()) && !ts.isBefore(alert.raisedAt().minus(length));
  }

  private static long repeats(List<String> ids) {
    return ids.size() - ids.stream().distinct().count();
  }

  private static <V> List<V> values(ChaosStack stack, String topic, Deserializer<V> deserializer) {
    List<V> values = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> record :
        TopicReader.readToEnd(stack.kafka().bootstrapServers(), topic, READ_TIMEOUT)) {
      values.add(deserializer.deserialize(topic, record.value()));
    }
    return values;
  }

  @Override
  public String toString() {
    return "anomalies %d, raised alerts %d, undecided %d, duplicate anomalies %d, duplicate alerts %d"
        .formatted(anomalies, raised, undecided, duplicateAnomalies, duplicateAlerts);
  }
}
