package dev.cornjacket.http;

/**
 * One dependency that {@code GET /health/ready} reports on. Later roles (streams, Postgres, MQTT)
 * add their own. Implementations answer quickly and never throw: a failure is a {@link Health} that
 * is down, with the reason in its details.
 */
public interface HealthCheck {

  /** The key of this dependency in the readiness body, e.g. {@code kafka}. */
  String name();

  Health check();
}
