package dev.cornjacket.devstack;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.embedded.EmbeddedHiveMQBuilder;
import dev.cornjacket.devstack.internal.Failures;
import dev.cornjacket.devstack.internal.HiveMqConfigFile;
import dev.cornjacket.devstack.internal.PasswordAuthExtension;
import dev.cornjacket.devstack.internal.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MQTT broker (HiveMQ Community Edition, embedded) in this JVM, listening on localhost, MQTT
 * 3 and 5. Given {@link MqttCredentials}, it admits only clients that present them (through an
 * embedded extension, since HiveMQ CE has no authentication of its own); otherwise it admits
 * anonymous clients.
 *
 * <p>Its folders live under the data directory: {@code conf/} (the generated {@code config.xml}),
 * {@code data/} and {@code extensions/}. Sessions and queued messages are kept in memory (see
 * {@link HiveMqConfigFile#write} for why). The port is chosen once, at construction, and kept
 * across restarts of this instance.
 *
 * <p>HiveMQ's own logging setup is turned off: by default it would reset the application's Logback
 * configuration. Its log lines go through the application's configuration like any other library's
 * (set {@code com.hivemq} to {@code WARN} to hide its start-up banner).
 */
public final class EmbeddedMqttBroker implements EmbeddedServer {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedMqttBroker.class);

  /** HiveMQ starts in about 3 s; waiting much longer means it is stuck, not slow. */
  private static final long START_TIMEOUT_SECONDS = 60;

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  /**
   * The most unacknowledged messages the broker sends one client, when the client's receive maximum
   * allows that many. HiveMQ CE hard-codes 50 (an internal setting, not in {@code config.xml}) and,
   * for a shared subscription, sends the next batch only once the last one is acknowledged: a
   * subscriber that acknowledges after a round trip to Kafka, like the MQTT bridge, then spends
   * most of its time waiting. Other brokers honour the client's receive maximum; so does this one,
   * up to this window. The setting is JVM-wide, like every embedded server here.
   */
  public static final int IN_FLIGHT_WINDOW = 1_000;

  private final Path dataDir;
  private final int port;
  private final MqttCredentials credentials; // null: anonymous clients are admitted
  private EmbeddedHiveMQ hiveMq; // guarded by this

  /**
   * Prepares a broker that admits anonymous clients; nothing runs until {@link #start()}.
   *
   * @param dataDir the broker's folder, created when missing
   * @param port the port, or 0 to pick a free one now (kept for every restart)
   */
  public EmbeddedMqttBroker(Path dataDir, int port) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.port = Ports.orFree(Ports.requireValid(port, "port"));
    this.credentials = null;
  }

  /**
   * Prepares a broker that admits only clients presenting {@code credentials}; nothing runs until
   * {@link #start()}.
   *
   * @param dataDir the broker's folder, created when missing
   * @param port the port, or 0 to pick a free one now (kept for every restart)
   * @param credentials the user name and password clients must present
   */
  public EmbeddedMqttBroker(Path dataDir, int port, MqttCredentials credentials) {
    this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
    this.port = Ports.orFree(Ports.requireValid(port, "port"));
    this.credentials = Objects.requireNonNull(credentials, "credentials");
  }

  /** The credentials clients must present; empty when anonymous clients are admitted. */
  public Optional<MqttCredentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  @Override
  public String name() {
    return "MQTT broker";
  }

  @Override
  public int port() {
    return port;
  }

  /** The broker's folder. */
  public Path dataDir() {
    return dataDir;
  }

  /** The URL clients connect to: {@code tcp://localhost:PORT}. */
  public String url() {
    return "tcp://localhost:" + port;
  }

  @Override
  public synchronized boolean isRunning() {
    return hiveMq != null;
  }

  /** Writes the configuration, starts HiveMQ and returns once its listener accepts connections. */
  @Override
  public synchronized EmbeddedMqttBroker start() {
    if (hiveMq != null) {
      return this;
    }
    long started = System.nanoTime();
    try {
      Ports.requireFree(port);
      hiveMq = startHiveMq();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new EmbeddedServerException(
          name() + " failed to start on port " + port + ": " + Failures.describe(e), e);
    }
    log.info(
        "MQTT broker started on {} in {} ms (data in {})",
        url(),
        (System.nanoTime() - started) / 1_000_000,
        dataDir);
    return this;
  }

  private EmbeddedHiveMQ startHiveMq() throws Exception {
    Path confDir = dataDir.resolve("conf");
    Path storageDir = dataDir.resolve("data");
    Path extensionsDir = dataDir.resolve("extensions");
    HiveMqConfigFile.write(confDir, port);
    InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = IN_FLIGHT_WINDOW;
    // HiveMQ's start never completes when its data folder is missing
    Files.createDirectories(storageDir);
    Files.createDirectories(extensionsDir);
    EmbeddedHiveMQBuilder builder =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(confDir)
            .withDataFolder(storageDir)
            .withExtensionsFolder(extensionsDir)
            .withoutLoggingBootstrap();
    if (credentials != null) {
      builder.withEmbeddedExtension(authExtension(credentials));
    }
    EmbeddedHiveMQ candidate = builder.build();
    try {
      candidate.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      // HiveMQ logs a listener that cannot bind and starts anyway; a broker without its listener
      // is useless, so check the listener answers
      requireListening();
      return candidate;
    } catch (TimeoutException e) {
      TimeoutException timeout =
          new TimeoutException("did not start within " + START_TIMEOUT_SECONDS + " s");
      timeout.initCause(e);
      closeAfterFailedStart(candidate, timeout);
      throw timeout;
    } catch (Exception e) {
      closeAfterFailedStart(candidate, e);
      throw e;
    }
  }

  private static EmbeddedExtension authExtension(MqttCredentials credentials) {
    return EmbeddedExtension.builder()
        .withId("cornjacket-password-auth")
        .withName("Cornjacket password authentication")
        .withVersion("1")
        .withAuthor("Cornjacket")
        .withPriority(1000)
        .withStartPriority(1000)
        .withExtensionMain(
            new PasswordAuthExtension(credentials.username(), credentials.password().value()))
        .build();
  }

  private void requireListening() throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CONNECT_TIMEOUT_MILLIS);
    } catch (IOException e) {
      throw new IOException("started, but nothing accepts connections on port " + port, e);
    }
  }

  private static void closeAfterFailedStart(EmbeddedHiveMQ candidate, Exception failure) {
    try {
      candidate.close();
    } catch (ExecutionException | RuntimeException e) {
      failure.addSuppressed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
    }
  }

  /** Stops HiveMQ (clients are disconnected) and waits until it has released its port. */
  @Override
  public synchronized void stop() {
    if (hiveMq == null) {
      return;
    }
    long started = System.nanoTime();
    EmbeddedHiveMQ stopping = hiveMq;
    hiveMq = null;
    try {
      stopping.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new EmbeddedServerException(
          name() + " on port " + port + " failed to stop: " + Failures.describe(e), e);
    }
    log.info(
        "MQTT broker on {} stopped in {} ms", url(), (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public String toString() {
    return "EmbeddedMqttBroker[" + url() + ", " + dataDir + "]";
  }
}
