package dev.cornjacket.devstack;

/**
 * A real server running inside this JVM (or as a child process owned by it), with a fixed port and
 * a data directory that survives restarts.
 *
 * <p>An instance can be started, stopped and started again: it keeps its port and its data, so a
 * test can simulate an outage. {@link #close()} is {@link #stop()}.
 */
public interface EmbeddedServer extends AutoCloseable {

  /** What the server is, for messages and logs, e.g. {@code "PostgreSQL"}. */
  String name();

  /** The port clients connect to; chosen once, kept across restarts. */
  int port();

  /** Whether {@link #start()} succeeded and {@link #stop()} has not been called since. */
  boolean isRunning();

  /**
   * Starts the server and returns once it accepts clients. Does nothing when it is already running.
   *
   * @return this server, for chaining
   * @throws EmbeddedServerException naming the server, the port and the reason when it cannot start
   */
  EmbeddedServer start();

  /**
   * Stops the server and waits until it has released its port and data directory. Does nothing when
   * it is not running.
   *
   * @throws EmbeddedServerException when the server did not stop cleanly
   */
  void stop();

  /** Same as {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }
}
