package dev.cornjacket.app.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cornjacket.sinks.webhook.Signatures;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Executors;

/**
 * {@code cornjacket dev --echo-webhook}: a local webhook receiver that prints every delivery (alert
 * id, attempt, whether the signature verifies, body) and answers 204. The dispatcher is pointed at
 * it with a fresh secret.
 */
final class EchoWebhookReceiver implements AutoCloseable {

  private final HttpServer server;
  private final String secret;
  private final PrintWriter out;

  private EchoWebhookReceiver(HttpServer server, String secret, PrintWriter out) {
    this.server = server;
    this.secret = secret;
    this.out = out;
  }

  /** Listens on 127.0.0.1:{@code port} (0 picks a free one). */
  static EchoWebhookReceiver start(int port, PrintWriter out) {
    byte[] key = new byte[16];
    new SecureRandom().nextBytes(key);
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      EchoWebhookReceiver receiver =
          new EchoWebhookReceiver(server, HexFormat.of().formatHex(key), out);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/", receiver::handle);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the echo webhook receiver on port " + port, e);
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/webhook");
  }

  String secret() {
    return secret;
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String signature = exchange.getRequestHeaders().getFirst(Signatures.HEADER);
    synchronized (out) {
      out.printf(
          "webhook: alert %s attempt %s signature %s%n  %s%n",
          exchange.getRequestHeaders().getFirst("X-Cornjacket-Alert-Id"),
          exchange.getRequestHeaders().getFirst("X-Cornjacket-Attempt"),
          Signatures.verify(body, secret, signature) ? "ok" : "WRONG",
          new String(body, UTF_8));
      out.flush();
    }
    exchange.sendResponseHeaders(204, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
