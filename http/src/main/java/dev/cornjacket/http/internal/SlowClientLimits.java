package dev.cornjacket.http.internal;

import io.javalin.config.JettyConfig;
import java.time.Duration;

/**
 * Keeps slow clients from holding the server's threads. A request body is read on one of the
 * bounded pool's threads (the ingest handler reads it whole), so a client trickling its body a byte
 * at a time would hold a thread for as long as it likes, and a few hundred such clients would leave
 * none for anyone else. Jetty refuses a body that arrives slower than {@link
 * #MIN_REQUEST_BYTES_PER_SECOND} (408), and closes a connection idle for {@link #IDLE_TIMEOUT}.
 * Found by the chaos suite's slow-client test; fixed values rather than settings, since a device
 * gateway sends far faster than this.
 */
public final class SlowClientLimits {

  /**
   * Slowest accepted request body, counted from its first byte. Low on purpose: Jetty counts the
   * bytes that arrived, so a small body read late by a busy server looks slow too (a 200-byte event
   * would have to wait three seconds for a thread).
   */
  public static final long MIN_REQUEST_BYTES_PER_SECOND = 64;

  /** A connection with nothing sent or received for this long is closed. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  private SlowClientLimits() {}

  public static void apply(JettyConfig jetty) {
    jetty.modifyHttpConfiguration(
        http -> {
          http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
          http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        });
  }
}
