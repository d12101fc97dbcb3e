package dev.cornjacket.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The Kafka Streams application.
 *
 * @param applicationId group id of all instances, and prefix of their internal topics
 * @param commitInterval how often exactly-once transactions commit; the main lever of throughput
 *     against end-to-end latency
 * @param threads stream threads per instance
 * @param standbyReplicas warm copies of each state store on other instances
 * @param dedupWindow how long an event id is remembered to drop duplicates
 * @param applicationServer host:port other instances use to reach this one's HTTP API; empty means
 *     localhost and the HTTP port
 * @param queryTimeout how long a query waits for another instance (proxied reads, fan-out)
 * @param standbyMaxLag how many records a standby replica may lag behind and still answer when the
 *     active owner does not
 * @param rollupGrace how long after a rollup window's end late readings are still added
 * @param rollupRetention how long rollup windows stay queryable
 * @param rollupEmit when a rollup window goes to {@code cj.proj.rollups_1m}
 * @param latestInterval at most how often a device's snapshot goes to {@code
 *     cj.proj.device_latest}; zero: after every event
 * @param instanceId static group membership: a stable id per instance ({@code group.instance.id});
 *     empty means dynamic membership
 * @param sessionTimeout how long the group waits for a member that stopped heartbeating (with
 *     static membership: for a restarting instance) before it moves its partitions
 */
public record StreamsSettings(
    String applicationId,
    Duration commitInterval,
    int threads,
    int standbyReplicas,
    Duration dedupWindow,
    Optional<String> applicationServer,
    Duration queryTimeout,
    long standbyMaxLag,
    Duration rollupGrace,
    Duration rollupRetention,
    RollupEmit rollupEmit,
    Duration latestInterval,
    Optional<String> instanceId,
    Duration sessionTimeout) {

  /** When a rollup window is written to {@code cj.proj.rollups_1m}. */
  public enum RollupEmit {
    /**
     * Once, shortly after the window ends, and again for each late reading added to it within the
     * grace period: one record per device and minute instead of one per event.
     */
    WINDOW_END,
    /** After every reading added to it. */
    EVERY_UPDATE
  }

  public static final Setting<String> APPLICATION_ID =
      Setting.of(
          "CORNJACKET_STREAMS_APPLICATION_ID",
          ValueType.string(),
          "cornjacket",
          "Kafka Streams application id (shared by all instances)");
  public static final Setting<Duration> COMMIT_INTERVAL =
      Setting.of(
          "CORNJACKET_STREAMS_COMMIT_INTERVAL",
          ValueType.duration(),
          "200ms",
          "Exactly-once commit interval: longer is faster, shorter has lower latency");
  public static final Setting<Integer> THREADS =
      Setting.of(
          "CORNJACKET_STREAMS_THREADS",
          ValueType.intRange(1, 64),
          "1",
          "Stream threads per instance");

  public static final Setting<Integer> STANDBY_REPLICAS =
      Setting.of(
          "CORNJACKET_STREAMS_STANDBY_REPLICAS",
          ValueType.intRange(0, 8),
          "1",
          "Warm copies of each state store on other instances; `cornjacket dev` (one instance) uses 0");
  public static final Setting<Duration> DEDUP_WINDOW =
      Setting.of(
          "CORNJACKET_STREAMS_DEDUP_WINDOW",
          ValueType.duration(),
          "10m",
          "How long an event id is remembered to drop duplicates");
  public static final Setting<String> APPLICATION_SERVER =
      Setting.of(
          "CORNJACKET_STREAMS_APPLICATION_SERVER",
          ValueType.hostPortList(),
          null,
          "host:port where other instances reach this one's HTTP API; unset means localhost and"
              + " the HTTP port");

  public static final Setting<Duration> QUERY_TIMEOUT =
      Setting.of(
          "CORNJACKET_STREAMS_QUERY_TIMEOUT",
          ValueType.duration(),
          "2s",
          "How long a query waits for another instance (proxied reads, listings across instances)");
  public static final Setting<Integer> STANDBY_MAX_LAG =
      Setting.of(
          "CORNJACKET_STREAMS_STANDBY_MAX_LAG",
          ValueType.intRange(0, Integer.MAX_VALUE),
          "10000",
          "Records a standby replica may lag and still answer queries when the owner does not");
  public static final Setting<Duration> ROLLUP_GRACE =
      Setting.of(
          "CORNJACKET_STREAMS_ROLLUP_GRACE",
          ValueType.duration(),
          "5m",
          "How long after a 1-minute window's end late readings are still added to it");
  public static final Setting<Duration> ROLLUP_RETENTION =
      Setting.of(
          "CORNJACKET_STREAMS_ROLLUP_RETENTION",
          ValueType.duration(),
          "24h",
          "How long 1-minute rollups stay queryable in the state stores");
  public static final Setting<RollupEmit> ROLLUP_EMIT =
      Setting.of(
          "CORNJACKET_STREAMS_ROLLUP_EMIT",
          ValueType.oneOf(RollupEmit.class),
          "window_end",
          "When a 1-minute rollup goes to `cj.proj.rollups_1m` (and PostgreSQL): `window_end`, once"
              + " 2-12 s after the window ends and again 5 s after late readings; `every_update`,"
              + " after every reading. The query API shows the open window either way");

  public static final Setting<Duration> DEVICE_LATEST_INTERVAL =
      Setting.of(
          "CORNJACKET_STREAMS_DEVICE_LATEST_INTERVAL",
          ValueType.duration(),
          "5s",
          "At most how often a device's latest state goes to `cj.proj.device_latest` (and the"
              + " `device_latest` table): its updates meanwhile go out as one record; `0s`, after"
              + " every event. The query API shows every update at once either way");

  public static final Setting<String> INSTANCE_ID =
      Setting.of(
          "CORNJACKET_STREAMS_INSTANCE_ID",
          ValueType.string(),
          null,
          "Static group membership: a stable id per instance (e.g. its host name); a restart within"
              + " the session timeout keeps its partitions without a rebalance. Unset: dynamic");
  public static final Setting<Duration> SESSION_TIMEOUT =
      Setting.of(
          "CORNJACKET_STREAMS_SESSION_TIMEOUT",
          ValueType.duration(),
          "45s",
          "How long the group waits for a silent instance before moving its partitions");

  /** The same settings with another number of standby replicas. */
  public StreamsSettings withStandbyReplicas(int replicas) {
    return new StreamsSettings(
        applicationId,
        commitInterval,
        threads,
        replicas,
        dedupWindow,
        applicationServer,
        queryTimeout,
        standbyMaxLag,
        rollupGrace,
        rollupRetention,
        rollupEmit,
        latestInterval,
        instanceId,
        sessionTimeout);
  }

  /** The same settings, advertising {@code hostPort} to the other instances. */
  public StreamsSettings withApplicationServer(String hostPort) {
    return new StreamsSettings(
        applicationId,
        commitInterval,
        threads,
        standbyReplicas,
        dedupWindow,
        Optional.of(hostPort),
        queryTimeout,
        standbyMaxLag,
        rollupGrace,
        rollupRetention,
        rollupEmit,
        latestInterval,
        instanceId,
        sessionTimeout);
  }

  static final List<Setting<?>> SETTINGS =
      List.of(
          APPLICATION_ID,
          COMMIT_INTERVAL,
          THREADS,
          STANDBY_REPLICAS,
          DEDUP_WINDOW,
          APPLICATION_SERVER,
          QUERY_TIMEOUT,
          STANDBY_MAX_LAG,
          ROLLUP_GRACE,
          ROLLUP_RETENTION,
          ROLLUP_EMIT,
          DEVICE_LATEST_INTERVAL,
          INSTANCE_ID,
          SESSION_TIMEOUT);

  static StreamsSettings read(SettingsReader r) {
    Integer threads = r.get(THREADS);
    Integer standbys = r.get(STANDBY_REPLICAS);
    Integer maxLag = r.get(STANDBY_MAX_LAG);
    Optional<String> applicationServer = r.optional(APPLICATION_SERVER);
    applicationServer
        .filter(s -> s.contains(","))
        .ifPresent(
            s -> r.problem(APPLICATION_SERVER.env() + ": '" + s + "' must be one host:port"));
    return new StreamsSettings(
        r.get(APPLICATION_ID),
        r.get(COMMIT_INTERVAL),
        threads == null ? 0 : threads,
        standbys == null ? 0 : standbys,
        r.get(DEDUP_WINDOW),
        applicationServer,
        r.get(QUERY_TIMEOUT),
        maxLag == null ? 0 : maxLag,
        r.get(ROLLUP_GRACE),
        r.get(ROLLUP_RETENTION),
        r.get(ROLLUP_EMIT),
        r.get(DEVICE_LATEST_INTERVAL),
        r.optional(INSTANCE_ID),
        r.get(SESSION_TIMEOUT));
  }
}
