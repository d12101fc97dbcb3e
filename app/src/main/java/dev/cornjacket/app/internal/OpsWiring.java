package dev.cornjacket.app.internal;

import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.http.HttpServer;
import dev.cornjacket.http.ops.InstanceView;
import dev.cornjacket.http.ops.StreamsInstances;
import dev.cornjacket.http.query.PeerCalls;
import dev.cornjacket.topology.Topics;
import java.time.Clock;
import java.util.Locale;

/** Plugs the operator API into the HTTP server: instances and topology, dead letters. */
public final class OpsWiring {

  private OpsWiring() {}

  /**
   * @param streams the streams role, {@code null} on an instance without it (then the instance and
   *     topology endpoints answer 503; dead letters are served anyway)
   */
  public static void serve(
      HttpServer http,
      CornjacketConfig config,
      Topics topics,
      StreamsRole streams,
      PeerCalls peerCalls) {
    InstanceView instances = null;
    if (streams != null) {
      String self = config.streams().applicationServer().orElse("localhost:" + http.port());
      instances =
          new StreamsInstances(
              streams.kafkaStreams(),
              streams.topology(),
              self,
              config.node().roles().stream()
                  .map(role -> role.name().toLowerCase(Locale.ROOT))
                  .sorted()
                  .toList(),
              streams.restoration());
    }
    String bootstrap =
        config
            .kafka()
            .bootstrap()
            .orElseThrow(() -> new IllegalArgumentException("kafka.bootstrap is unset"));
    http.serveOps(
        instances,
        new KafkaDeadLetters(bootstrap, topics, Clock.systemUTC()),
        config.streams().queryTimeout(),
        peerCalls);
  }
}
