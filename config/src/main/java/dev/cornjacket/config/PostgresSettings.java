package dev.cornjacket.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL database of the sinks.
 *
 * @param url JDBC URL; empty means "start the embedded PostgreSQL" in dev mode
 * @param user database user
 * @param password database password, masked when printed
 * @param poolSize connections in the pool
 * @param batchSize most records the Postgres sink writes in one transaction
 * @param retention how long rows of the day-partitioned tables are kept; whole days older than this
 *     are dropped
 * @param partitionsAhead daily partitions created ahead of today, so that rows up to 24 h in the
 *     future always find theirs
 */
public record PostgresSettings(
    Optional<String> url,
    String user,
    Optional<Secret> password,
    int poolSize,
    int batchSize,
    Duration retention,
    int partitionsAhead) {

  public static final Setting<String> URL =
      Setting.of(
          "CORNJACKET_PG_URL",
          ValueType.jdbcUrl(),
          null,
          "JDBC URL of PostgreSQL; unset in dev mode starts the embedded one");
  public static final Setting<String> USER =
      Setting.of("CORNJACKET_PG_USER", ValueType.string(), "postgres", "PostgreSQL user");
  public static final Setting<Secret> PASSWORD =
      Setting.secret("CORNJACKET_PG_PASSWORD", Secret.type(), "PostgreSQL password");
  public static final Setting<Integer> POOL_SIZE =
      Setting.of(
          "CORNJACKET_PG_POOL_SIZE",
          ValueType.intRange(1, 200),
          "8",
          "Connections in the PostgreSQL pool");
  public static final Setting<Integer> BATCH_SIZE =
      Setting.of(
          "CORNJACKET_PG_BATCH_SIZE",
          ValueType.intRange(1, 100_000),
          "5000",
          "Most records the Postgres sink writes in one transaction");
  public static final Setting<Duration> RETENTION =
      Setting.of(
          "CORNJACKET_PG_RETENTION",
          ValueType.duration(),
          "7d",
          "How long events, anomalies and rollups stay in PostgreSQL (whole days are dropped)");
  public static final Setting<Integer> PARTITIONS_AHEAD =
      Setting.of(
          "CORNJACKET_PG_PARTITIONS_AHEAD",
          ValueType.intRange(2, 90),
          "3",
          "Daily partitions created ahead of today");

  /** The shortest retention: partitions hold whole days. */
  public static final Duration MIN_RETENTION = Duration.ofDays(1);

  /** The same settings, pointed at the given database (the embedded one in dev mode). */
  public PostgresSettings withUrl(String jdbcUrl) {
    return new PostgresSettings(
        Optional.of(jdbcUrl), user, password, poolSize, batchSize, retention, partitionsAhead);
  }

  static final List<Setting<?>> SETTINGS =
      List.of(URL, USER, PASSWORD, POOL_SIZE, BATCH_SIZE, RETENTION, PARTITIONS_AHEAD);

  static PostgresSettings read(SettingsReader r) {
    Duration retention = r.get(RETENTION);
    if (retention != null && retention.compareTo(MIN_RETENTION) < 0) {
      r.problem(RETENTION.env() + ": must be at least 1d (partitions hold whole days)");
    }
    return new PostgresSettings(
        r.optional(URL),
        r.get(USER),
        r.optional(PASSWORD),
        orZero(r.get(POOL_SIZE)),
        orZero(r.get(BATCH_SIZE)),
        retention,
        orZero(r.get(PARTITIONS_AHEAD)));
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
