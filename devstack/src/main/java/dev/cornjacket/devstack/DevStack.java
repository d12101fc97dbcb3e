package dev.cornjacket.devstack;

import dev.cornjacket.devstack.internal.DataDirectories;
import dev.cornjacket.devstack.internal.Failures;
import dev.cornjacket.devstack.internal.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-machine stack of real servers behind {@code cornjacket dev}: a Kafka broker,
 * PostgreSQL and an MQTT broker, each optional (an external one may be configured instead).
 *
 * <p>Each server keeps its data in its own subdirectory of the data directory ({@code kafka/},
 * {@code postgres/}, {@code mqtt/}), so a restart finds topics, tables and offsets again. The
 * servers start in parallel and {@link #close()} stops them in parallel: they do not depend on one
 * another, and whatever connects them (the application) is stopped before them.
 */
public final class DevStack implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DevStack.class);

  private static final String KAFKA_DIR = "kafka";
  private static final String POSTGRES_DIR = "postgres";
  private static final String MQTT_DIR = "mqtt";

  /** Where the application keeps its Kafka Streams state inside the dev data directory. */
  public static final String APPLICATION_STATE_DIR = "streams";

  /**
   * What to start and where.
   *
   * @param dataDir the parent of the servers' data directories, created when missing
   * @param kafkaPort the Kafka client port, 0 for a free one
   * @param postgresPort the PostgreSQL port, 0 for a free one
   * @param mqttPort the MQTT port, 0 for a free one
   * @param kafka whether to start the embedded Kafka broker (false when an external one is used)
   * @param postgres whether to start the embedded PostgreSQL
   * @param mqtt whether to start the embedded MQTT broker
   * @param mqttCredentials the user the embedded MQTT broker admits; empty admits anonymous clients
   */
  public record Options(
      Path dataDir,
      int kafkaPort,
      int postgresPort,
      int mqttPort,
      boolean kafka,
      boolean postgres,
      boolean mqtt,
      Optional<MqttCredentials> mqttCredentials) {

    /** Checks the arguments, naming the bad one. */
    public Options {
      Objects.requireNonNull(dataDir, "dataDir");
      Ports.requireValid(kafkaPort, "kafkaPort");
      Ports.requireValid(postgresPort, "postgresPort");
      Ports.requireValid(mqttPort, "mqttPort");
      Objects.requireNonNull(mqttCredentials, "mqttCredentials");
    }

    /** Options whose MQTT broker, if started, admits anonymous clients. */
    public Options(
        Path dataDir,
        int kafkaPort,
        int postgresPort,
        int mqttPort,
        boolean kafka,
        boolean postgres,
        boolean mqtt) {
      this(dataDir, kafkaPort, postgresPort, mqttPort, kafka, postgres, mqtt, Optional.empty());
    }

    /** The same options, with an MQTT broker that admits only clients presenting these. */
    public Options withMqttCredentials(MqttCredentials credentials) {
      return new Options(
          dataDir,
          kafkaPort,
          postgresPort,
          mqttPort,
          kafka,
          postgres,
          mqtt,
          Optional.of(credentials));
    }
  }

  private final EmbeddedKafka kafka;
  private final EmbeddedPostgresServer postgres;
  private final EmbeddedMqttBroker mqtt;

  private DevStack(EmbeddedKafka kafka, EmbeddedPostgresServer postgres, EmbeddedMqttBroker mqtt) {
    this.kafka = kafka;
    this.postgres = postgres;
    this.mqtt = mqtt;
  }

  /**
   * Starts the selected servers in parallel and returns once all of them accept clients.
   *
   * @throws EmbeddedServerException when a server fails to start; its message names the server, the
   *     port and the reason. The servers that did start are stopped again first.
   */
  public static DevStack start(Options options) {
    Objects.requireNonNull(options, "options");
    Path dataDir = options.dataDir();
    createDirectory(dataDir);
    DevStack stack =
        new DevStack(
            options.kafka()
                ? new EmbeddedKafka(dataDir.resolve(KAFKA_DIR), options.kafkaPort())
                : null,
            options.postgres()
                ? new EmbeddedPostgresServer(dataDir.resolve(POSTGRES_DIR), options.postgresPort())
                : null,
            options.mqtt() ? mqttBroker(dataDir.resolve(MQTT_DIR), options) : null);
    stack.startAll();
    return stack;
  }

  private static EmbeddedMqttBroker mqttBroker(Path dir, Options options) {
    return options
        .mqttCredentials()
        .map(credentials -> new EmbeddedMqttBroker(dir, options.mqttPort(), credentials))
        .orElseGet(() -> new EmbeddedMqttBroker(dir, options.mqttPort()));
  }

  /**
   * Deletes the data directory for a fresh start ({@code cornjacket dev --fresh}). Stop the stack
   * first. Does nothing when the directory does not exist.
   *
   * @throws IllegalArgumentException naming the path, when it is not a directory or holds anything
   *     but the {@code kafka/}, {@code postgres/} and {@code mqtt/} subdirectories: a data
   *     directory set by mistake to a home directory is refused, not emptied
   */
  public static void wipe(Path dataDir) {
    Objects.requireNonNull(dataDir, "dataDir");
    if (DataDirectories.deleteIfOnly(
        dataDir, Set.of(KAFKA_DIR, POSTGRES_DIR, MQTT_DIR, APPLICATION_STATE_DIR))) {
      log.info("Wiped dev stack data directory {}", dataDir);
    }
  }

  /** The embedded Kafka broker's {@code bootstrap.servers}, when it was started. */
  public Optional<String> kafkaBootstrap() {
    return kafka().map(EmbeddedKafka::bootstrapServers);
  }

  /** The embedded PostgreSQL's JDBC URL (user {@code postgres}), when it was started. */
  public Optional<String> postgresJdbcUrl() {
    return postgres().map(EmbeddedPostgresServer::jdbcUrl);
  }

  /** The embedded MQTT broker's URL, when it was started. */
  public Optional<String> mqttUrl() {
    return mqtt().map(EmbeddedMqttBroker::url);
  }

  /** The embedded Kafka broker, e.g. to stop and restart it in a test. */
  public Optional<EmbeddedKafka> kafka() {
    return Optional.ofNullable(kafka);
  }

  /** The embedded PostgreSQL. */
  public Optional<EmbeddedPostgresServer> postgres() {
    return Optional.ofNullable(postgres);
  }

  /** The embedded MQTT broker. */
  public Optional<EmbeddedMqttBroker> mqtt() {
    return Optional.ofNullable(mqtt);
  }

  /**
   * Stops every server, in parallel. A server that fails to stop is logged and does not keep the
   * others running; the failures are then thrown together.
   *
   * @throws EmbeddedServerException when at least one server did not stop cleanly
   */
  @Override
  public void close() {
    List<RuntimeException> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    // The servers do not depend on each other, so they stop in parallel: HiveMQ alone waits a
    // fixed 4 s for its thread pools, which the others need not wait behind.
    try (ExecutorService executor =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("devstack-stop-", 1).factory())) {
      for (EmbeddedServer server : inStopOrder()) {
        executor.submit(() -> stopQuietly(server, failures));
      }
    } // closing the executor waits for every stop
    if (!failures.isEmpty()) {
      throw combined("Dev stack did not stop cleanly: ", failures);
    }
  }

  private static void stopQuietly(EmbeddedServer server, List<RuntimeException> failures) {
    try {
      server.stop();
    } catch (RuntimeException e) {
      log.error("{} did not stop cleanly; stopping the others anyway", server.name(), e);
      failures.add(e);
    }
  }

  private void startAll() {
    long started = System.nanoTime();
    Map<EmbeddedServer, Future<EmbeddedServer>> starts = new LinkedHashMap<>();
    // each server takes seconds (class loading, initdb, waiting for readiness); in parallel the
    // stack is ready soon after the slowest one, a little later on two cores where they compete
    try (ExecutorService executor =
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("devstack-start-", 1).factory())) {
      for (EmbeddedServer server : inStartOrder()) {
        starts.put(server, executor.submit(server::start));
      }
    } // closing the executor waits for every start to finish, failed or not
    List<RuntimeException> failures = new ArrayList<>();
    starts.forEach((server, start) -> failureOf(server, start).ifPresent(failures::add));
    if (!failures.isEmpty()) {
      stopAfterFailedStart(failures);
      throw combined("", failures);
    }
    if (!starts.isEmpty()) {
      log.info(
          "Dev stack started in {} ms: {}",
          (System.nanoTime() - started) / 1_000_000,
          starts.keySet().stream().map(Object::toString).collect(Collectors.joining(", ")));
    }
  }

  private static Optional<RuntimeException> failureOf(
      EmbeddedServer server, Future<EmbeddedServer> start) {
    return switch (start.state()) {
      case SUCCESS -> Optional.empty();
      case FAILED ->
          Optional.of(
              start.exceptionNow() instanceof RuntimeException e
                  ? e
                  : new EmbeddedServerException(
                      server.name()
                          + " failed to start on port "
                          + server.port()
                          + ": "
                          + Failures.describe(start.exceptionNow()),
                      start.exceptionNow()));
      case CANCELLED, RUNNING ->
          Optional.of(
              new CancellationException(
                  server.name() + " start on port " + server.port() + " was interrupted"));
    };
  }

  private void stopAfterFailedStart(List<RuntimeException> failures) {
    for (EmbeddedServer server : inStopOrder()) {
      try {
        server.stop();
      } catch (RuntimeException e) {
        failures.getFirst().addSuppressed(e);
      }
    }
  }

  private static EmbeddedServerException combined(String prefix, List<RuntimeException> failures) {
    String message =
        prefix + failures.stream().map(Throwable::getMessage).collect(Collectors.joining("; "));
    EmbeddedServerException combined = new EmbeddedServerException(message, failures.getFirst());
    failures.stream().skip(1).forEach(combined::addSuppressed);
    return combined;
  }

  private List<EmbeddedServer> inStartOrder() {
    return Stream.of(kafka, postgres, mqtt).filter(Objects::nonNull).toList();
  }

  private List<EmbeddedServer> inStopOrder() {
    return Stream.of(mqtt, postgres, kafka).filter(Objects::nonNull).toList();
  }

  private static void createDirectory(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not create the dev stack data directory " + dataDir, e);
    }
  }
}
