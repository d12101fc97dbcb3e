package dev.cornjacket.config;

import java.util.List;
import java.util.Optional;

/**
 * The PostgreSQL database of the sinks.
 *
 * @param url JDBC URL; empty means "start the embedded PostgreSQL" in dev mode
 * @param user database user
 * @param password database password, masked when printed
 * @param poolSize connections in the pool
 */
public record PostgresSettings(
    Optional<String> url, String user, Optional<Secret> password, int poolSize) {

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

  /** The same settings, pointed at the given database (the embedded one in dev mode). */
  public PostgresSettings withUrl(String jdbcUrl) {
    return new PostgresSettings(Optional.of(jdbcUrl), user, password, poolSize);
  }

  static final List<Setting<?>> SETTINGS = List.of(URL, USER, PASSWORD, POOL_SIZE);

  static PostgresSettings read(SettingsReader r) {
    Integer pool = r.get(POOL_SIZE);
    return new PostgresSettings(
        r.optional(URL), r.get(USER), r.optional(PASSWORD), pool == null ? 0 : pool);
  }
}
