package dev.cornjacket.devstack;

import dev.cornjacket.devstack.internal.Failures;
import dev.cornjacket.devstack.internal.KafkaBrokerProperties;
import dev.cornjacket.devstack.internal.KafkaStorage;
import dev.cornjacket.devstack.internal.Ports;
import java.nio.file.Path;
import java.util.Objects;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in this JVM: one KRaft node that is both broker and controller,
 * listening on localhost.
 *
 * <p>The data directory is formatted on first use only, so topics, records, committed offsets and
 * the cluster id survive a restart, by this instance or by a new one on the same directory. The
 * ports are chosen once, at construction, and kept across restarts of this instance, so clients
 * reconnect to the same address after a simulated outage.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = new EmbeddedKafka(dir, 0).start()) {
 *   producerProps.put(BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafka implements EmbeddedServer {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  private final Path dataDir;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server; // guarded by this

  /**
   * Prepares a broker; nothing runs until {@link #start()}.
   *
   * @param dataDir the broker's log directory, created when missing
   * @param port the client port, or 0 to pick a free one now (kept for every restart)
   */
  public EmbeddedKafka(Path dataDir, int port) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    Ports.requireValid(port, "port");
    // the controller port is internal to the node, so it is always picked here
    int[] free = Ports.pickFree(2);
    this.port = port == 0 ? free[0] : port;
    this.controllerPort = free[1] != this.port ? free[1] : free[0];
  }

  @Override
  public String name() {
    return "Kafka broker";
  }

  @Override
  public int port() {
    return port;
  }

  /** The broker's log directory. */
  public Path dataDir() {
    return dataDir;
  }

  /** The value for {@code bootstrap.servers}: {@code localhost:PORT}. */
  public String bootstrapServers() {
    return "localhost:" + port;
  }

  @Override
  public synchronized boolean isRunning() {
    return server != null;
  }

  /**
   * Formats the data directory if it is new, then starts the broker and returns once it is
   * registered and unfenced, that is ready for clients.
   */
  @Override
  public synchronized EmbeddedKafka start() {
    if (server != null) {
      return this;
    }
    long started = System.nanoTime();
    try {
      Ports.requireFree(port);
      Ports.requireFree(controllerPort);
      KafkaStorage.formatIfNeeded(dataDir);
      server = startServer();
    } catch (Exception e) {
      throw new EmbeddedServerException(
          name() + " failed to start on port " + port + ": " + Failures.describe(e), e);
    }
    log.info(
        "Kafka broker started on {} in {} ms (data in {})",
        bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000,
        dataDir);
    return this;
  }

  private KafkaRaftServer startServer() {
    KafkaConfig config =
        new KafkaConfig(KafkaBrokerProperties.of(dataDir, port, controllerPort), false);
    KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
    try {
      // blocks until the broker caught up with the metadata log and was unfenced
      candidate.startup();
      return candidate;
    } catch (RuntimeException e) {
      // release the listeners and the log directory lock, so a retry can succeed
      try {
        shutdown(candidate);
      } catch (RuntimeException shutdownFailure) {
        e.addSuppressed(shutdownFailure);
      }
      throw e;
    }
  }

  /** Shuts the broker down and waits until its ports and log directory are released. */
  @Override
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    long started = System.nanoTime();
    KafkaRaftServer stopping = server;
    server = null;
    try {
      shutdown(stopping);
    } catch (RuntimeException e) {
      throw new EmbeddedServerException(
          name() + " on port " + port + " failed to stop: " + Failures.describe(e), e);
    }
    log.info(
        "Kafka broker on {} stopped in {} ms",
        bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private static void shutdown(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  @Override
  public String toString() {
    return "EmbeddedKafka[" + bootstrapServers() + ", " + dataDir + "]";
  }
}
