package dev.cornjacket.sinks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.cornjacket.config.PostgresSettings;
import dev.cornjacket.sinks.internal.SchemaMigrations;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sinks' PostgreSQL database: a HikariCP pool on a migrated schema with its daily partitions in
 * place. {@link #open} migrates (and refuses a schema newer than this version knows), creates the
 * partitions and drops the expired ones; {@link #startMaintenance} repeats the latter on a
 * schedule. The pool serves the {@link PostgresSink} and the reads of {@link #storedEvents()}.
 */
public final class PostgresStore implements AutoCloseable {

  /** How often partitions are created ahead and expired ones dropped. */
  public static final Duration MAINTENANCE_INTERVAL = Duration.ofHours(1);

  private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration PROBE_CACHE = Duration.ofSeconds(1);

  private final HikariDataSource pool;
  private final PostgresSettings settings;
  private final String url;
  private final String schemaVersion;
  private final PartitionMaintenance partitions;
  private final StoredEvents storedEvents;
  private ScheduledExecutorService maintenance; // guarded by this
  private DatabaseStatus lastProbe; // guarded by this
  private long lastProbeNanos; // guarded by this

  private PostgresStore(
      HikariDataSource pool,
      PostgresSettings settings,
      String url,
      String schemaVersion,
      PartitionMaintenance partitions) {
    this.pool = pool;
    this.settings = settings;
    this.url = url;
    this.schemaVersion = schemaVersion;
    this.partitions = partitions;
    this.storedEvents = new StoredEvents(pool);
  }

  /** Opens the database of {@code settings} with the system clock. */
  public static PostgresStore open(PostgresSettings settings) {
    return open(settings, Clock.systemUTC());
  }

  /**
   * Connects, migrates the schema, and creates and drops partitions as of {@code clock}.
   *
   * @throws SchemaTooNewException when a newer Cornjacket migrated the database
   * @throws IllegalStateException when PostgreSQL cannot be reached or migrated, with the reason
   */
  public static PostgresStore open(PostgresSettings settings, Clock clock) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    String url =
        settings
            .url()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        PostgresSettings.URL.env()
                            + " is not set: the sinks role needs PostgreSQL"));
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(poolConfig(settings, url));
    } catch (HikariPool.PoolInitializationException e) {
      throw new IllegalStateException(
          "PostgreSQL at " + withoutQuery(url) + " is not reachable: " + rootMessage(e), e);
    }
    try {
      SchemaMigrations.Outcome migrated = SchemaMigrations.migrate(pool);
      PartitionMaintenance partitions =
          new PartitionMaintenance(pool, settings.retention(), settings.partitionsAhead(), clock);
      partitions.run();
      return new PostgresStore(pool, settings, url, migrated.version(), partitions);
    } catch (SchemaTooNewException e) {
      pool.close();
      throw e;
    } catch (SQLException | RuntimeException e) {
      pool.close();
      throw new IllegalStateException(
          "Preparing PostgreSQL at " + withoutQuery(url) + " failed: " + rootMessage(e), e);
    }
  }

  private static HikariConfig poolConfig(PostgresSettings settings, String url) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("cornjacket-postgres");
    config.setJdbcUrl(url);
    config.setUsername(settings.user());
    settings.password().ifPresent(p -> config.setPassword(p.value()));
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(Math.min(2, settings.poolSize()));
    // a borrower waits at most this long while the database is down, then gets a transient error
    config.setConnectionTimeout(5_000);
    config.addDataSourceProperty("connectTimeout", 5);
    // a statement stuck on a dead peer fails instead of hanging the sink past its poll interval
    config.addDataSourceProperty("socketTimeout", 120);
    config.addDataSourceProperty("tcpKeepAlive", true);
    config.addDataSourceProperty("ApplicationName", "cornjacket");
    return config;
  }

  /** The pool; for the sink and for reads. */
  public DataSource dataSource() {
    return pool;
  }

  /** Reads of the stored events, for the HTTP API. */
  public StoredEvents storedEvents() {
    return storedEvents;
  }

  /** The partition maintenance with this store's retention. */
  public PartitionMaintenance partitions() {
    return partitions;
  }

  /** The schema version after migrating, e.g. {@code 1}. */
  public String schemaVersion() {
    return schemaVersion;
  }

  /** The JDBC URL without its query part (which may hold a password). */
  public String displayUrl() {
    return withoutQuery(url);
  }

  /**
   * Runs the partition maintenance every {@code interval} on a daemon thread until {@link #close};
   * a failed run is logged and tried again at the next one.
   */
  public synchronized void startMaintenance(Duration interval) {
    if (maintenance != null) {
      return;
    }
    maintenance =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("cornjacket-partition-maintenance").daemon().factory());
    maintenance.scheduleWithFixedDelay(
        this::runMaintenance, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    log.info(
        "Partition maintenance every {} min (retention {}, {} days ahead)",
        interval.toMinutes(),
        PartitionMaintenance.describe(settings.retention()),
        settings.partitionsAhead());
  }

  private void runMaintenance() {
    try {
      partitions.run();
    } catch (SQLException | RuntimeException e) {
      // a scheduled task that throws is never run again: log, and try at the next interval
      log.warn("Partition maintenance failed; trying again in the next run: {}", e.toString(), e);
    }
  }

  /**
   * Whether PostgreSQL answers a fresh connection within 2 s; answers are reused for a second, so
   * frequent health checks cost one connection per second at most.
   */
  public synchronized DatabaseStatus probe() {
    long now = System.nanoTime();
    if (lastProbe != null && now - lastProbeNanos < PROBE_CACHE.toNanos()) {
      return lastProbe;
    }
    Properties props = new Properties();
    props.setProperty("user", settings.user());
    settings.password().ifPresent(p -> props.setProperty("password", p.value()));
    props.setProperty("connectTimeout", Long.toString(PROBE_TIMEOUT.toSeconds()));
    props.setProperty("socketTimeout", Long.toString(PROBE_TIMEOUT.toSeconds()));
    props.setProperty("loginTimeout", Long.toString(PROBE_TIMEOUT.toSeconds()));
    DatabaseStatus status;
    try (Connection connection = DriverManager.getConnection(url, props)) {
      String version = connection.getMetaData().getDatabaseProductVersion();
      status =
          new DatabaseStatus(
              connection.isValid((int) PROBE_TIMEOUT.toSeconds()),
              "PostgreSQL " + version,
              Duration.ofNanos(System.nanoTime() - now));
    } catch (SQLException e) {
      status = new DatabaseStatus(false, rootMessage(e), Duration.ofNanos(System.nanoTime() - now));
    }
    lastProbe = status;
    lastProbeNanos = System.nanoTime();
    return status;
  }

  /** Stops the maintenance and closes the pool; close the sink first. */
  @Override
  public synchronized void close() {
    if (maintenance != null) {
      maintenance.shutdownNow();
      maintenance = null;
    }
    pool.close();
  }

  private static String withoutQuery(String jdbcUrl) {
    int query = jdbcUrl.indexOf('?');
    return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + root + ")";
  }
}
