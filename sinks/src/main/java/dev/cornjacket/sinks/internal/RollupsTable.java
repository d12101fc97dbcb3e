package dev.cornjacket.sinks.internal;

import dev.cornjacket.sinks.internal.Rows.RollupRow;
import dev.cornjacket.topology.projection.Rollup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rollups_1m}: one row per device, metric and window start, replaced by every later update
 * of the window. Each record of {@code cj.proj.rollups_1m} holds a device's window with all its
 * metrics and gives one row per metric ({@link RollupRecords}). A metric's count in a window only
 * grows, so an update with fewer readings than the stored row is an older one and is ignored.
 */
public final class RollupsTable extends SinkTable<RollupRow> {

  private static final String COLUMNS =
      "device_id, metric, window_start, window_end, count, min, max, sum, avg";

  public RollupsTable() {
    super("rollups_1m", RollupRow.class, COLUMNS);
  }

  @Override
  public List<RollupRow> reduce(List<RollupRow> rows) {
    // the same rule as the upsert's WHERE, applied among the rows of one batch
    Map<List<Object>, RollupRow> fullest = new LinkedHashMap<>();
    for (RollupRow row : rows) {
      Rollup r = row.rollup();
      fullest.merge(
          List.of(r.deviceId(), r.metric(), r.windowStart()),
          row,
          (earlier, later) -> later.rollup().count() < earlier.rollup().count() ? earlier : later);
    }
    return fullest.size() == rows.size() ? rows : new ArrayList<>(fullest.values());
  }

  @Override
  protected void encode(RollupRow row, CopyText out) {
    Rollup rollup = row.rollup();
    out.text(rollup.deviceId())
        .text(rollup.metric())
        .timestamp(rollup.windowStart())
        .timestamp(rollup.windowEnd())
        .number(rollup.count())
        .number(rollup.min())
        .number(rollup.max())
        .number(rollup.sum())
        .number(rollup.avg());
  }

  @Override
  protected String mergeSql() {
    return "INSERT INTO rollups_1m ("
        + columns()
        + ") SELECT "
        + columns()
        + " FROM "
        + stagingTable()
        + " ON CONFLICT (device_id, metric, window_start) DO UPDATE SET"
        + " window_end = EXCLUDED.window_end, count = EXCLUDED.count, min = EXCLUDED.min,"
        + " max = EXCLUDED.max, sum = EXCLUDED.sum, avg = EXCLUDED.avg, stored_at = now()"
        + " WHERE rollups_1m.count <= EXCLUDED.count";
  }
}
