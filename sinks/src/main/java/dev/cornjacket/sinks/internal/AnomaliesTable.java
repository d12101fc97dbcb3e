package dev.cornjacket.sinks.internal;

import dev.cornjacket.sinks.internal.Rows.AnomalyRow;
import dev.cornjacket.topology.anomaly.Anomaly;

/** {@code anomalies}: append-only by anomaly id; a row already there is left alone. */
public final class AnomaliesTable extends SinkTable<AnomalyRow> {

  private static final String COLUMNS =
      "anomaly_id, event_id, device_id, metric, value, score, ts, model_version, reasons";

  public AnomaliesTable() {
    super("anomalies", AnomalyRow.class, COLUMNS);
  }

  @Override
  protected void encode(AnomalyRow row, CopyText out) {
    Anomaly anomaly = row.anomaly();
    out.text(anomaly.anomalyId())
        .text(anomaly.eventId())
        .text(anomaly.deviceId())
        .text(anomaly.metric())
        .number(anomaly.value())
        .number(anomaly.score())
        .timestamp(anomaly.ts())
        .text(anomaly.modelVersion())
        .text(JsonText.write(anomaly.reasons()));
  }

  @Override
  public boolean appendOnly() {
    return true;
  }

  @Override
  protected String mergeSql() {
    return "INSERT INTO anomalies ("
        + columns()
        + ") SELECT "
        + columns()
        + " FROM "
        + stagingTable()
        + " ON CONFLICT DO NOTHING";
  }
}
