package dev.cornjacket.sinks.internal;

import dev.cornjacket.sinks.SchemaTooNewException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sink's schema, as versioned SQL in {@code db/migration} applied by Flyway. Refuses a database
 * whose schema is newer than the migrations it knows: Flyway alone would ignore such "future"
 * migrations and carry on.
 */
public final class SchemaMigrations {

  /** Where the migrations live on the class path. */
  public static final String LOCATION = "classpath:db/migration";

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrations.class);

  private SchemaMigrations() {}

  /** What migrating did. */
  public record Outcome(String version, int applied) {}

  /**
   * Applies the missing migrations.
   *
   * @throws SchemaTooNewException when the database has migrations this version does not know
   */
  public static Outcome migrate(DataSource dataSource) {
    Flyway flyway =
        Flyway.configure(SchemaMigrations.class.getClassLoader())
            .dataSource(dataSource)
            .locations(LOCATION)
            .load();
    List<MigrationInfo> future =
        Arrays.stream(flyway.info().all())
            .filter(
                m ->
                    m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED)
            .toList();
    if (!future.isEmpty()) {
      String newest =
          future.stream()
              .max(Comparator.comparing(MigrationInfo::getVersion))
              .map(m -> m.getVersion().getVersion())
              .orElseThrow();
      throw new SchemaTooNewException(
          "The database schema is at version "
              + newest
              + ", newer than this version of Cornjacket knows ("
              + newestKnown(flyway).orElse("none")
              + "). A newer Cornjacket has migrated this database: run that version, or point"
              + " CORNJACKET_PG_URL at another database.");
    }
    MigrateResult result = flyway.migrate();
    String version =
        Optional.ofNullable(flyway.info().current())
            .map(m -> m.getVersion().getVersion())
            .orElse("none");
    if (result.migrationsExecuted > 0) {
      log.info(
          "Database schema migrated to version {} ({} migrations applied)",
          version,
          result.migrationsExecuted);
    } else {
      log.info("Database schema is up to date at version {}", version);
    }
    return new Outcome(version, result.migrationsExecuted);
  }

  private static Optional<String> newestKnown(Flyway flyway) {
    return Arrays.stream(flyway.info().all())
        .filter(m -> m.getState().isResolved())
        .max(Comparator.comparing(MigrationInfo::getVersion))
        .map(m -> m.getVersion().getVersion());
  }
}
