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
 */
public record StreamsSettings(
    String applicationId,
    Duration commitInterval,
    int threads,
    int standbyReplicas,
    Duration dedupWindow,
    Optional<String> applicationServer) {

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

  /** The same settings with another number of standby replicas. */
  public StreamsSettings withStandbyReplicas(int replicas) {
    return new StreamsSettings(
        applicationId, commitInterval, threads, replicas, dedupWindow, applicationServer);
  }

  static final List<Setting<?>> SETTINGS =
      List.of(
          APPLICATION_ID,
          COMMIT_INTERVAL,
          THREADS,
          STANDBY_REPLICAS,
          DEDUP_WINDOW,
          APPLICATION_SERVER);

  static StreamsSettings read(SettingsReader r) {
    Integer threads = r.get(THREADS);
    Integer standbys = r.get(STANDBY_REPLICAS);
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
        applicationServer);
  }
}
