package dev.cornjacket.http.internal;

import java.util.Optional;

/**
 * Which scope a request needs, by method and path prefix, so that routes added later are covered
 * without touching this class: {@code POST /api/v1/events} needs {@code ingest}; anything under
 * {@code /api/v1/ops/} needs {@code ops}; other reads under {@code /api/v1/} need {@code query};
 * other writes under {@code /api/v1/} need {@code ops}. Health probes, the dashboard page and its
 * assets are open (the page asks for a token itself); {@code /metrics} is open unless protected.
 */
public final class AccessPolicy {

  private static final String API = "/api/v1/";
  private static final String OPS = "/api/v1/ops/";

  private final boolean metricsProtected;

  public AccessPolicy(boolean metricsProtected) {
    this.metricsProtected = metricsProtected;
  }

  /** The scope {@code method path} needs, or empty when it is open. */
  public Optional<Scope> required(String method, String path) {
    if (path.equals("/metrics")) {
      return metricsProtected ? Optional.of(Scope.OPS) : Optional.empty();
    }
    if (!path.startsWith(API)) {
      return Optional.empty();
    }
    if (path.startsWith(OPS)) {
      return Optional.of(Scope.OPS);
    }
    boolean read = method.equals("GET") || method.equals("HEAD");
    if (read) {
      return Optional.of(Scope.QUERY);
    }
    if (method.equals("POST") && path.equals("/api/v1/events")) {
      return Optional.of(Scope.INGEST);
    }
    return Optional.of(Scope.OPS);
  }
}
