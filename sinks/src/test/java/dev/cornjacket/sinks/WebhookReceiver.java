package dev.cornjacket.sinks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cornjacket.sinks.webhook.Signatures;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * A real HTTP receiver for webhook tests on a free port: each path answers by a rule (status per
 * call number, or hang until closed) and every request is kept with its arrival time, headers and
 * whether its signature verifies with {@link #SECRET}.
 */
final class WebhookReceiver implements AutoCloseable {

  static final String SECRET = "test-secret-of-the-receiver";

  /** One request as received. */
  record Call(
      String path,
      long nanos,
      String alertId,
      int attempt,
      String signature,
      boolean signatureOk,
      byte[] body) {}

  private final HttpServer server;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Map<String, IntUnaryOperator> statusByCall = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, String> retryAfter = new ConcurrentHashMap<>();
  private final CountDownLatch release = new CountDownLatch(1);

  WebhookReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code path} answers the n-th call (1-based) with {@code status.applyAsInt(n)}. */
  WebhookReceiver answer(String path, IntUnaryOperator status) {
    statusByCall.put(path, status);
    return this;
  }

  /** {@code path} never answers (until the receiver closes). */
  WebhookReceiver hang(String path) {
    return answer(path, n -> -1);
  }

  WebhookReceiver retryAfter(String path, String value) {
    retryAfter.put(path, value);
    return this;
  }

  URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  List<Call> calls(String path) {
    return calls.stream().filter(c -> c.path().equals(path)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String signature = exchange.getRequestHeaders().getFirst(Signatures.HEADER);
    String attempt = exchange.getRequestHeaders().getFirst("X-Cornjacket-Attempt");
    calls.add(
        new Call(
            path,
            System.nanoTime(),
            exchange.getRequestHeaders().getFirst("X-Cornjacket-Alert-Id"),
            attempt == null ? 0 : Integer.parseInt(attempt),
            signature,
            Signatures.verify(body, SECRET, signature),
            body));
    int n = counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    int status = statusByCall.getOrDefault(path, k -> 200).applyAsInt(n);
    if (status < 0) {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    String after = retryAfter.get(path);
    if (after != null && (status == 429 || status == 503)) {
      exchange.getResponseHeaders().add("Retry-After", after);
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
  }
}
