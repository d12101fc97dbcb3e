package dev.cornjacket.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * This instance.
 *
 * @param roles what this instance runs
 * @param dataDir where local state lives (stream state stores; in dev mode the embedded servers)
 * @param logLevel level of Cornjacket's own log output
 */
public record NodeSettings(Set<Role> roles, Path dataDir, LogLevel logLevel) {

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

  static final List<Setting<?>> SETTINGS = List.of(ROLES, DATA_DIR, LOG_LEVEL);

  /** Where Kafka Streams keeps its local state stores. */
  public Path streamsStateDir() {
    return dataDir.resolve("streams");
  }

  static NodeSettings read(SettingsReader r) {
    return new NodeSettings(r.get(ROLES), r.get(DATA_DIR), r.get(LOG_LEVEL));
  }
}
