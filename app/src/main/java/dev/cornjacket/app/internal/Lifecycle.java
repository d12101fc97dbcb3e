package dev.cornjacket.app.internal;

import dev.cornjacket.app.Platform;
import dev.cornjacket.config.CornjacketConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the process alive until Ctrl-C (or SIGTERM), then closes the registered parts in the order
 * they were registered: front ends first, servers last. A failure to close one part is logged in
 * one line and the rest still close.
 */
final class Lifecycle {

  private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

  private final List<NamedPart> parts = new ArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private record NamedPart(String name, AutoCloseable part) {}

  /** Registers a part; parts close in registration order. */
  synchronized void closeInOrder(String name, AutoCloseable part) {
    parts.add(new NamedPart(name, part));
  }

  /** Registers a part that closes before every part registered so far (a load generator). */
  synchronized void closeFirst(String name, AutoCloseable part) {
    parts.addFirst(new NamedPart(name, part));
  }

  /**
   * Starts the application and registers it for closing; a start-up failure the user can fix
   * (broker unreachable, topics that differ, a port in use) becomes a {@link StartupException}.
   */
  Platform startPlatform(CornjacketConfig config) {
    Platform platform;
    try {
      platform = Platform.start(config);
    } catch (IllegalStateException e) {
      throw new StartupException(e.getMessage(), e);
    }
    closeInOrder("application", platform);
    return platform;
  }

  /** Blocks until the JVM is asked to stop and every part has closed. */
  void awaitShutdown() throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(this::closeAll, "cornjacket-shutdown"));
    stopped.await();
  }

  /** Closes every part now (used when start-up fails half-way). */
  synchronized void closeAll() {
    if (stopped.getCount() == 0) {
      return;
    }
    if (!parts.isEmpty()) {
      log.info("Shutting down");
    }
    for (NamedPart p : parts) {
      try {
        p.part().close();
      } catch (Exception e) {
        log.warn("Stopping {} failed: {}", p.name(), e.toString());
      }
    }
    parts.clear();
    stopped.countDown();
  }
}
