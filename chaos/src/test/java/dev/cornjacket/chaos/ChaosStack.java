package dev.cornjacket.chaos;

import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.devstack.EmbeddedMqttBroker;
import dev.cornjacket.devstack.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers of one chaos test, in this JVM and of this test only (a test stops them): a Kafka
 * broker, PostgreSQL and an MQTT broker (anonymous clients), each with its data under {@code
 * target/chaos/<name>} and restartable on the same data and port. The application instances it
 * starts ({@link #instance(String)}) are separate processes pointed at these servers.
 */
final class ChaosStack implements AutoCloseable {

  private final String name;
  private final Path dir;
  private final EmbeddedKafka kafka;
  private final EmbeddedPostgresServer postgres;
  private final EmbeddedMqttBroker mqtt;
  private final List<AppInstance> instances = new ArrayList<>();

  private ChaosStack(String name, Path dir) {
    this.name = name;
    this.dir = dir;
    this.kafka = new EmbeddedKafka(dir.resolve("kafka"), 0);
    this.postgres = new EmbeddedPostgresServer(dir.resolve("postgres"), 0);
    this.mqtt = new EmbeddedMqttBroker(dir.resolve("mqtt"), 0);
  }

  /** Starts the three servers in a fresh {@code target/chaos/<name>} directory. */
  static ChaosStack start(String name) throws IOException {
    Path dir = Path.of("target", "chaos", name).toAbsolutePath();
    deleteRecursively(dir);
    Files.createDirectories(dir);
    ChaosStack stack = new ChaosStack(name, dir);
    try {
      stack.kafka.start();
      stack.postgres.start();
      stack.mqtt.start();
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  EmbeddedPostgresServer postgres() {
    return postgres;
  }

  EmbeddedMqttBroker mqtt() {
    return mqtt;
  }

  Path dir() {
    return dir;
  }

  /**
   * An application instance (not started yet) named {@code id}: its own HTTP port, state directory,
   * MQTT client id (stable across restarts, so a restarted instance resumes its MQTT session) and
   * log file {@code target/chaos/<test>/<id>.log}.
   */
  AppInstance instance(String id) {
    AppInstance instance = new AppInstance(this, id);
    synchronized (instances) {
      instances.add(instance);
    }
    return instance;
  }

  /** A JDBC connection to the database the instances write to. */
  Connection database() throws SQLException {
    return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
  }

  @Override
  public void close() {
    synchronized (instances) {
      instances.forEach(AppInstance::kill);
    }
    RuntimeException failure = null;
    for (Runnable stop : List.<Runnable>of(mqtt::stop, postgres::stop, kafka::stop)) {
      try {
        stop.run();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "ChaosStack[" + name + ", " + dir + "]";
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
