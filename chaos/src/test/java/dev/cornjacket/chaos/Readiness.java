package dev.cornjacket.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One answer of {@code GET /health/ready}: its status and JSON body (null when none came). */
record Readiness(int status, JsonNode body) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static Readiness of(AppInstance instance) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(instance.uri("/health/ready"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return new Readiness(response.statusCode(), JSON.readTree(response.body()));
    } catch (IOException e) {
      return new Readiness(-1, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Readiness(-1, null);
    }
  }

  /** The status of one dependency, e.g. {@code checks.sinks.status}, or "" when absent. */
  String check(String name) {
    return body == null ? "" : body.path("checks").path(name).path("status").asText("");
  }

  /** A number in one dependency's details, or -1 when absent. */
  long detail(String check, String field) {
    return body == null ? -1 : body.path("checks").path(check).path(field).asLong(-1);
  }

  @Override
  public String toString() {
    return status + " " + body;
  }
}
