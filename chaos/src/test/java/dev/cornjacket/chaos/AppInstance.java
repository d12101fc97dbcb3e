package dev.cornjacket.chaos;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Cornjacket instance as a process of its own: {@code java -cp cornjacket.jar
 * dev.cornjacket.app.Main run}, configured through the environment like in production, with every
 * role. It keeps its HTTP port, state directory and MQTT client id across restarts. {@link #kill()}
 * is SIGKILL (no shutdown hook, nothing flushed), {@link #stop()} is SIGTERM (the graceful close).
 */
final class AppInstance {

  /** Exit value of a process ended by SIGKILL. */
  static final int SIGKILL_EXIT = 128 + 9;

  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ChaosStack stack;
  private final String id;
  private final int port;
  private final Path stateDir;
  private final Path log;
  private final Map<String, String> extraEnv = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile Process process;
  private volatile boolean serving;

  AppInstance(ChaosStack stack, String id) {
    this.stack = stack;
    this.id = id;
    this.port = freePort();
    this.stateDir = stack.dir().resolve(id);
    this.log = stack.dir().resolve(id + ".log");
  }

  String id() {
    return id;
  }

  int port() {
    return port;
  }

  URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** An extra environment variable for the next start. */
  AppInstance env(String name, String value) {
    extraEnv.put(name, value);
    return this;
  }

  /** Starts the process and waits until its HTTP API answers {@code /health/live}. */
  AppInstance start() throws IOException {
    startAsync();
    awaitLive();
    return this;
  }

  /** Starts the process without waiting for it. */
  synchronized AppInstance startAsync() throws IOException {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException(id + " is already running");
    }
    Files.createDirectories(stateDir);
    Path jar = Path.of(System.getProperty("cornjacket.app.jar", "../app/target/cornjacket.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "The application jar " + jar + " is missing: build app first (./mvnw -pl chaos -am)");
    }
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow",
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                jar.toAbsolutePath().toString(),
                "dev.cornjacket.app.Main",
                "run")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("CORNJACKET_"));
    // the suite counts events, not tokens: the API is open, as in dev
    env.put("CORNJACKET_AUTH_MODE", "none");
    env.put("CORNJACKET_KAFKA_BOOTSTRAP", stack.kafka().bootstrapServers());
    env.put("CORNJACKET_KAFKA_PARTITIONS", "6");
    env.put("CORNJACKET_PG_URL", stack.postgres().jdbcUrl());
    env.put("CORNJACKET_PG_USER", stack.postgres().user());
    env.put("CORNJACKET_MQTT_URL", stack.mqtt().url());
    env.put("CORNJACKET_MQTT_CLIENT_ID", "chaos-" + id);
    env.put("CORNJACKET_HTTP_HOST", "127.0.0.1");
    env.put("CORNJACKET_HTTP_PORT", Integer.toString(port));
    env.put("CORNJACKET_DATA_DIR", stateDir.toString());
    env.put("CORNJACKET_STREAMS_COMMIT_INTERVAL", "100ms");
    // Static membership, as the compose file sets it: a killed instance that comes back takes its
    // old place in the group at once, instead of the group's rebalance waiting out the dead
    // member's session (45 s without an answer to any query).
    env.put("CORNJACKET_STREAMS_INSTANCE_ID", "chaos-" + id);
    env.putAll(extraEnv);
    process = builder.start();
    return this;
  }

  /** Waits until {@code /health/live} answers 200 (the process must stay alive meanwhile). */
  void awaitLive() {
    await()
        .atMost(START_TIMEOUT)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!isAlive()) {
                throw new IllegalStateException(
                    id + " exited with " + process.exitValue() + " while starting; see " + log);
              }
              return status("/health/live") == 200;
            });
    serving = true;
  }

  /** Alive and answering HTTP since its last start: where clients send their requests. */
  boolean isServing() {
    return serving && isAlive();
  }

  /**
   * Waits until {@code /health/ready} answers 200 with the MQTT bridge among its checks: the bridge
   * starts last, and readiness does not list it before, so a 200 alone does not mean this instance
   * takes MQTT messages yet.
   */
  void awaitReady(Duration timeout) {
    await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(250))
        .until(
            () -> {
              if (!isAlive()) {
                return false;
              }
              Readiness readiness = Readiness.of(this);
              return readiness.status() == 200 && "UP".equals(readiness.check("mqtt"));
            });
  }

  /** The status of a GET, or -1 when the request failed. */
  int status(String path) {
    try {
      return HTTP.send(
              HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(3)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  boolean isAlive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** SIGKILL, and waits for the process to be gone; returns its exit value. */
  synchronized int kill() {
    Process p = process;
    serving = false;
    if (p == null) {
      return -1;
    }
    p.destroyForcibly();
    return waitFor(p);
  }

  /** SIGTERM (the shutdown hook closes the application in order), and waits for the exit. */
  synchronized int stop() {
    Process p = process;
    serving = false;
    if (p == null) {
      return -1;
    }
    p.destroy();
    return waitFor(p);
  }

  private int waitFor(Process p) {
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
      return p.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return -1;
    }
  }

  Path log() {
    return log;
  }

  @Override
  public String toString() {
    return id + "(:" + port + ")";
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("No free port", e);
    }
  }
}
