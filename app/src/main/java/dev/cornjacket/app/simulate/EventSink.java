package dev.cornjacket.app.simulate;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Where a simulation sends its events: the HTTP ingest API or the MQTT broker. */
public interface EventSink extends AutoCloseable {

  /** What became of one batch. */
  record Outcome(List<String> acceptedIds, int rejected, int failed, String error) {
    public static Outcome failure(int events, String error) {
      return new Outcome(List.of(), 0, events, error);
    }
  }

  /**
   * Checks that the target answers at all, before any load is sent.
   *
   * @throws SimulationException naming the target and what to do when it does not
   */
  void check();

  /** Sends a batch; the future completes with its outcome (never exceptionally). */
  CompletableFuture<Outcome> send(List<SimulatedDevices.Generated> batch);

  /** A short name of the target for the progress line, e.g. {@code http://localhost:8080}. */
  String target();

  @Override
  void close();
}
