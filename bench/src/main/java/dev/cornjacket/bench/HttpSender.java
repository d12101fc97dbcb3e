package dev.cornjacket.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** HTTP clients POSTing NDJSON batches; a batch counts as acknowledged on {@code 202}. */
final class HttpSender {

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI uri;

  HttpSender(String url) {
    this.uri = URI.create(url);
  }

  PhaseResult run(List<byte[]> bodies, int totalBatches, int batchSize, int clients)
      throws Exception {
    return ClosedLoopLoad.run(bodies, totalBatches, batchSize, clients, this::postAndAwait);
  }

  private boolean postAndAwait(byte[] body) throws Exception {
    HttpResponse<Void> response =
        client.send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.discarding());
    return response.statusCode() == 202;
  }
}
