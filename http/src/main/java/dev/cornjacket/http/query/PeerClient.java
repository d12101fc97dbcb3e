package dev.cornjacket.http.query;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the query API of another instance: one shared HTTP client, every call bounded by the query
 * timeout, the hop header telling the other side how to answer (see {@link StoreQueries.Hop}).
 */
final class PeerClient {

  static final String HOP_HEADER = "X-Cornjacket-Hop";

  private final HttpClient client;
  private final Duration timeout;

  PeerClient(Duration timeout) {
    this.timeout = timeout;
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** GET {@code pathAndQuery} on {@code hostPort}; completes exceptionally on network errors. */
  CompletableFuture<HttpResponse<byte[]>> get(
      String hostPort, String pathAndQuery, StoreQueries.Hop hop) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + hostPort + pathAndQuery))
            .timeout(timeout)
            .header(HOP_HEADER, hop.name().toLowerCase(java.util.Locale.ROOT))
            .header("Accept", "application/json")
            .GET()
            .build();
    return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
  }

  Duration timeout() {
    return timeout;
  }

  void close() {
    client.close();
  }
}
