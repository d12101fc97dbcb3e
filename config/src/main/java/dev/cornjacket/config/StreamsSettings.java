package dev.cornjacket.config;

import java.time.Duration;
import java.util.List;

/**
 * The Kafka Streams application.
 *
 * @param applicationId group id of all instances, and prefix of their internal topics
 * @param commitInterval how often exactly-once transactions commit; the main lever of throughput
 *     against end-to-end latency
 * @param threads stream threads per instance
 */
public record StreamsSettings(String applicationId, Duration commitInterval, int threads) {

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

  static final List<Setting<?>> SETTINGS = List.of(APPLICATION_ID, COMMIT_INTERVAL, THREADS);

  static StreamsSettings read(SettingsReader r) {
    Integer threads = r.get(THREADS);
    return new StreamsSettings(
        r.get(APPLICATION_ID), r.get(COMMIT_INTERVAL), threads == null ? 0 : threads);
  }
}
