package dev.cornjacket.sinks;

import dev.cornjacket.topology.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The sink as its own process, for {@link SinkCrashIT}: {@code CrashTestSink <bootstrap> <jdbc url>
 * <topic prefix> <group>}. Runs until killed; SIGTERM closes it in order.
 */
public final class CrashTestSink {

  /** Batches of this size give a crash many points between and inside transactions. */
  static final int BATCH_SIZE = 1000;

  private CrashTestSink() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: CrashTestSink <bootstrap> <jdbc url> <topic prefix> <group>");
    }
    PostgresStore store = PostgresStore.open(SinkTesting.settings(args[1]));
    // static membership: the restarted process gets its partitions back without waiting for the
    // killed one's session to time out
    SinkOptions options =
        SinkOptions.of(args[0], new Topics(args[2]), args[3], BATCH_SIZE)
            .withStaticMembership("crash-test-sink", Duration.ofSeconds(10));
    PostgresSink sink = PostgresSink.start(options, store.dataSource(), new SimpleMeterRegistry());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  sink.close();
                  store.close();
                }));
    new CountDownLatch(1).await();
  }
}
