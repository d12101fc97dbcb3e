package dev.cornjacket.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * This instance.
 *
 * @param roles what this instance runs
 * @param dataDir where local state lives (stream state stores; in dev mode the embedded servers)
 * @param logLevel level of Cornjacket's own log output
 * @param logFormat JSON or plain-text log lines; empty means the command's default ({@code json}
 *     for {@code cornjacket run}, {@code text} for {@code cornjacket dev})
 * @param traceExporter where trace spans go: nowhere or an OTLP collector
 * @param otlpEndpoint the OTLP/HTTP endpoint of the collector
 */
public record NodeSettings(
    Set<Role> roles,
    Path dataDir,
    LogLevel logLevel,
    Optional<LogFormat> logFormat,
    TraceExporter traceExporter,
    URI otlpEndpoint) {

  /** The shape of log lines. */
  public enum LogFormat {
    JSON,
    TEXT
  }

  /** Where OpenTelemetry spans are exported. */
  public enum TraceExporter {
    NONE,
    OTLP
  }

  /** Log levels, from most to least verbose. */
  public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  public static final Setting<Set<Role>> ROLES =
      Setting.of(
          "CORNJACKET_ROLES",
          ValueType.enumSet(Role.class),
          "ingest,streams,sinks,actions",
          "Roles of this instance, comma-separated");
  public static final Setting<Path> DATA_DIR =
      Setting.of(
          "CORNJACKET_DATA_DIR",
          ValueType.path(),
          ".cornjacket/dev",
          "Local state: stream stores and, in dev mode, the embedded servers' data");

  public static final Setting<LogLevel> LOG_LEVEL =
      Setting.of(
          "CORNJACKET_LOG_LEVEL",
          ValueType.oneOf(LogLevel.class),
          "info",
          "Level of Cornjacket's own log output (the embedded servers log warnings only)");

  public static final Setting<LogFormat> LOG_FORMAT =
      Setting.of(
          "CORNJACKET_LOG_FORMAT",
          ValueType.oneOf(LogFormat.class),
          null,
          "Log lines as json or text (unset: json for `run`, text for `dev`)");

  public static final Setting<TraceExporter> OTEL_EXPORTER =
      Setting.of(
          "CORNJACKET_OTEL_EXPORTER",
          ValueType.oneOf(TraceExporter.class),
          "none",
          "Trace export: none (spans are not recorded) or otlp");

  public static final Setting<URI> OTEL_ENDPOINT =
      Setting.of(
          "CORNJACKET_OTEL_ENDPOINT",
          ValueType.uri("http", "https"),
          "http://localhost:4318",
          "OTLP/HTTP endpoint of the trace collector (with CORNJACKET_OTEL_EXPORTER=otlp)");

  static final List<Setting<?>> SETTINGS =
      List.of(ROLES, DATA_DIR, LOG_LEVEL, LOG_FORMAT, OTEL_EXPORTER, OTEL_ENDPOINT);

  /** Where Kafka Streams keeps its local state stores. */
  public Path streamsStateDir() {
    return dataDir.resolve("streams");
  }

  static NodeSettings read(SettingsReader r) {
    return new NodeSettings(
        r.get(ROLES),
        r.get(DATA_DIR),
        r.get(LOG_LEVEL),
        r.optional(LOG_FORMAT),
        r.get(OTEL_EXPORTER),
        r.get(OTEL_ENDPOINT));
  }
}
