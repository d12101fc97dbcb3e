package dev.cornjacket.sinks.internal;

import dev.cornjacket.topology.anomaly.Anomaly;
import dev.cornjacket.topology.projection.DeviceLatest;
import dev.cornjacket.topology.projection.Rollup;

/** The row types of the sink's tables, each with the record it came from. */
public final class Rows {

  private Rows() {}

  /**
   * A validated event, for {@code events}: its fields already in {@code COPY} text format ({@link
   * EventTranscoder}).
   */
  public record EventRow(Origin origin, String eventId, byte[] copyFields) implements SinkRow {}

  /** An anomaly, for {@code anomalies}. */
  public record AnomalyRow(Origin origin, Anomaly anomaly) implements SinkRow {}

  /** A device snapshot, for {@code device_latest}. */
  public record DeviceLatestRow(Origin origin, DeviceLatest latest) implements SinkRow {}

  /** A 1-minute window, for {@code rollups_1m}. */
  public record RollupRow(Origin origin, Rollup rollup) implements SinkRow {}
}
