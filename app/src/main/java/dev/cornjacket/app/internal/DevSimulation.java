package dev.cornjacket.app.internal;

import dev.cornjacket.app.simulate.HttpEventSink;
import dev.cornjacket.app.simulate.SimulatedDevices;
import dev.cornjacket.app.simulate.Simulation;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cornjacket dev --simulate}: a gentle stream of simulated devices into this instance's own
 * HTTP API, so that a new user sees the dashboard and the query API move. Runs until closed.
 */
final class DevSimulation implements AutoCloseable {

  static final int DEVICES = 20;
  static final double RATE = 10;

  private static final Logger log = LoggerFactory.getLogger(DevSimulation.class);

  private final Simulation simulation;
  private final HttpEventSink sink;
  private final Thread thread;

  private DevSimulation(Simulation simulation, HttpEventSink sink) {
    this.simulation = simulation;
    this.sink = sink;
    this.thread =
        Thread.ofPlatform().daemon().name("cornjacket-dev-simulation").unstarted(this::runQuietly);
  }

  static DevSimulation start(int httpPort) {
    HttpEventSink sink = new HttpEventSink("http://localhost:" + httpPort, null);
    Simulation simulation =
        new Simulation(
            new SimulatedDevices(DEVICES, new SimulatedDevices.Rates(0.002, 0.01, 0.005), 7),
            sink,
            new Simulation.Options(RATE, Duration.ZERO, 100, 2, Duration.ofMillis(200)),
            null);
    DevSimulation dev = new DevSimulation(simulation, sink);
    dev.thread.start();
    return dev;
  }

  private void runQuietly() {
    try {
      simulation.run(null);
    } catch (RuntimeException e) {
      log.warn("The dev simulation stopped: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    simulation.stop();
    thread.join(Duration.ofSeconds(10));
    sink.close();
    log.info("Dev simulation: {}", simulation.summary().describe().replace('\n', ' '));
  }
}
