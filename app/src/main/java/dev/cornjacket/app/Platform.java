package dev.cornjacket.app;

import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.config.Role;
import dev.cornjacket.http.HttpServer;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Cornjacket instance: the roles of its configuration, wired together. Both {@code
 * cornjacket dev} and {@code cornjacket run} start this; the configuration must name reachable
 * servers (dev mode fills in the embedded ones first).
 */
public final class Platform implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Platform.class);
  private static final Duration TOPIC_SETUP_TIMEOUT = Duration.ofSeconds(30);

  private final HttpServer http;

  private Platform(HttpServer http) {
    this.http = http;
  }

  /** Creates missing topics and starts every role of the configuration. */
  public static Platform start(CornjacketConfig config) {
    Objects.requireNonNull(config, "config");
    Topics topics = new Topics(config.kafka().topicPrefix());
    new TopicProvisioner(config.kafka(), TOPIC_SETUP_TIMEOUT)
        .ensure(topics.all().stream().map(Topic::name).toList());
    for (Role role : config.node().roles()) {
      if (role != Role.INGEST) {
        log.info("Role {} has no components yet in this version", role.name().toLowerCase());
      }
    }
    // The HTTP server runs in every role: it carries the health endpoints. Ingest is its first API.
    HttpServer http = HttpServer.start(config.http(), config.kafka(), topics, List.of());
    return new Platform(http);
  }

  public int httpPort() {
    return http.port();
  }

  /** Stops the HTTP server first, so that nothing is accepted while the rest shuts down. */
  @Override
  public void close() {
    http.close();
  }
}
