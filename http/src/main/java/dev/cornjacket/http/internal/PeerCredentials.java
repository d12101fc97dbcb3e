package dev.cornjacket.http.internal;

import java.util.Optional;

/**
 * The {@code Authorization} header of the request this thread is serving, so that a query proxied
 * to another instance carries the caller's own token. Set by {@link AuthFilter} at the start of
 * every request (cleared when there is none), read by the peer client on the same thread.
 */
public final class PeerCredentials {

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private PeerCredentials() {}

  static void remember(String authorization) {
    CURRENT.set(authorization);
  }

  static void forget() {
    CURRENT.remove();
  }

  /** The caller's {@code Authorization} header, when this thread serves an authenticated one. */
  public static Optional<String> current() {
    return Optional.ofNullable(CURRENT.get());
  }
}
