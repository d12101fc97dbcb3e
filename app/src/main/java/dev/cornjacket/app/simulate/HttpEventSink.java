package dev.cornjacket.app.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sends batches as NDJSON to {@code POST /api/v1/events} and reads the accepted ids and the
 * rejected count from the answer; a {@code 429}, {@code 503} or a lost connection counts the whole
 * batch as failed (nothing in it was claimed accepted).
 */
public final class HttpEventSink implements EventSink {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final URI events;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client;
  private final String authorization;

  /**
   * @param baseUrl the instance's address, e.g. {@code http://localhost:8080}
   * @param bearerToken a token for {@code Authorization: Bearer}, or {@code null}
   */
  public HttpEventSink(String baseUrl, String bearerToken) {
    String trimmed = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    try {
      this.base = URI.create(trimmed);
      if (base.getScheme() == null || base.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
    } catch (IllegalArgumentException e) {
      throw new SimulationException(
          "--url: '" + baseUrl + "' is not an HTTP address (e.g. http://localhost:8080)", e);
    }
    this.events = URI.create(trimmed + "/api/v1/events");
    this.authorization = bearerToken == null ? null : "Bearer " + bearerToken;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(executor)
            .build();
  }

  @Override
  public String target() {
    return base.toString();
  }

  @Override
  public void check() {
    try {
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(base.resolve("/health/live")).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        throw new SimulationException(
            base
                + "/health/live answered "
                + response.statusCode()
                + ": is this a Cornjacket instance?");
      }
    } catch (IOException e) {
      throw new SimulationException(
          "Cannot reach Cornjacket at "
              + base
              + " ("
              + describe(e)
              + "): is it running? Start it with `cornjacket dev`, or point --url at it",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SimulationException("Interrupted", e);
    }
  }

  @Override
  public CompletableFuture<Outcome> send(List<SimulatedDevices.Generated> batch) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(batch.size() * 300);
    for (SimulatedDevices.Generated event : batch) {
      body.writeBytes(event.json());
      body.write('\n');
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(events)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/x-ndjson")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client
        .sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
        .handle(
            (response, error) -> {
              if (error != null) {
                return Outcome.failure(batch.size(), describe(error));
              }
              return outcome(response, batch.size());
            });
  }

  private static Outcome outcome(HttpResponse<byte[]> response, int events) {
    int status = response.statusCode();
    if (status != 202 && status != 400) {
      return Outcome.failure(events, "HTTP " + status + " " + errorCode(response.body()));
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      List<String> accepted = new ArrayList<>();
      body.path("accepted").forEach(id -> accepted.add(id.asText()));
      int rejected = body.path("rejected").size();
      if (status == 400 && accepted.isEmpty() && rejected == 0) {
        return Outcome.failure(events, "HTTP 400 " + errorCode(response.body()));
      }
      return new Outcome(accepted, rejected, 0, null);
    } catch (IOException e) {
      return Outcome.failure(events, "HTTP " + status + " with an unreadable body");
    }
  }

  private static String errorCode(byte[] body) {
    try {
      return JSON.readTree(body).path("error").asText("");
    } catch (IOException e) {
      return "";
    }
  }

  static String describe(Throwable error) {
    for (Throwable c = error; c != null; c = c.getCause()) {
      if (c instanceof ConnectException) {
        return "connection refused";
      }
    }
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause.getMessage() == null)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
  }

  @Override
  public void close() {
    client.close();
    executor.close();
  }
}
