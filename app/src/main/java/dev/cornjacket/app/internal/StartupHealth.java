package dev.cornjacket.app.internal;

import dev.cornjacket.http.Health;
import dev.cornjacket.http.HealthCheck;
import java.time.Instant;
import java.util.Map;

/**
 * {@code startup} in {@code /health/ready}: down until every role of the instance has started.
 *
 * <p>The HTTP server starts first (the streams role needs its port), and each role adds its own
 * check once it runs; without this one, a load balancer would see an instance whose roles are still
 * starting as ready, because it has no failing check yet.
 */
public final class StartupHealth implements HealthCheck {

  private volatile Instant startedAt;
  private volatile String starting = "the HTTP server";

  @Override
  public String name() {
    return "startup";
  }

  /** The part being started now, shown while the instance is not ready. */
  public void starting(String part) {
    this.starting = part;
  }

  /** Every role has started: the other checks decide readiness from now on. */
  public void done() {
    this.startedAt = Instant.now();
  }

  @Override
  public Health check() {
    Instant started = startedAt;
    if (started == null) {
      return Health.down("starting (now: " + starting + ")");
    }
    return Health.up(Map.of("startedAt", started.toString()));
  }
}
