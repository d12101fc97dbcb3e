package dev.cornjacket.sinks.internal;

import dev.cornjacket.sinks.internal.Rows.DeviceLatestRow;
import dev.cornjacket.topology.projection.DeviceLatest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code device_latest}: one row per device, replaced by a snapshot at least as new ({@code
 * updated_at}); an older snapshot, e.g. one replayed after a newer one, never wins.
 */
public final class DeviceLatestTable extends SinkTable<DeviceLatestRow> {

  private static final String COLUMNS =
      "device_id, last_ts, last_event_id, updated_at, metrics, attrs, counts, last_anomaly";

  public DeviceLatestTable() {
    super("device_latest", DeviceLatestRow.class, COLUMNS);
  }

  @Override
  public List<DeviceLatestRow> reduce(List<DeviceLatestRow> rows) {
    // the same rule as the upsert's WHERE, applied among the rows of one batch
    Map<String, DeviceLatestRow> newest = new LinkedHashMap<>();
    for (DeviceLatestRow row : rows) {
      newest.merge(row.latest().deviceId(), row, DeviceLatestTable::newer);
    }
    return newest.size() == rows.size() ? rows : new ArrayList<>(newest.values());
  }

  /** The newer of two snapshots of a device; on a tie the later one in the log. */
  private static DeviceLatestRow newer(DeviceLatestRow earlier, DeviceLatestRow later) {
    Instant a = earlier.latest().updatedAt();
    Instant b = later.latest().updatedAt();
    return a != null && b != null && b.isBefore(a) ? earlier : later;
  }

  @Override
  protected void encode(DeviceLatestRow row, CopyText out) {
    DeviceLatest latest = row.latest();
    out.text(latest.deviceId())
        .timestamp(latest.lastTs())
        .text(latest.lastEventId())
        .timestamp(latest.updatedAt())
        .text(JsonText.write(latest.metrics()))
        .text(JsonText.write(latest.attrs()))
        .text(JsonText.write(latest.counts()))
        .text(latest.lastAnomaly() == null ? null : JsonText.write(latest.lastAnomaly()));
  }

  @Override
  protected String mergeSql() {
    return "INSERT INTO device_latest ("
        + columns()
        + ") SELECT "
        + columns()
        + " FROM "
        + stagingTable()
        + " ON CONFLICT (device_id) DO UPDATE SET"
        + " last_ts = EXCLUDED.last_ts, last_event_id = EXCLUDED.last_event_id,"
        + " updated_at = EXCLUDED.updated_at, metrics = EXCLUDED.metrics, attrs = EXCLUDED.attrs,"
        + " counts = EXCLUDED.counts, last_anomaly = EXCLUDED.last_anomaly, stored_at = now()"
        + " WHERE device_latest.updated_at <= EXCLUDED.updated_at";
  }
}
