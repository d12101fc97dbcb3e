package dev.cornjacket.http.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An error answer: HTTP status plus the JSON body {@code {"error", "message", "details"}} that
 * every Cornjacket error has. Thrown by handlers and services, rendered by one exception handler.
 */
public final class ApiException extends RuntimeException {

  private final int status;
  private final String code;
  private final List<?> details;
  private final Map<String, String> headers;

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of(), Map.of());
  }

  public ApiException(
      int status, String code, String message, List<?> details, Map<String, String> headers) {
    super(message);
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.details = List.copyOf(details);
    this.headers = Map.copyOf(headers);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<?> details() {
    return details;
  }

  public Map<String, String> headers() {
    return headers;
  }

  /** The JSON body. */
  public ErrorBody body() {
    return new ErrorBody(code, getMessage(), details);
  }

  /** The shape of every error body. */
  public record ErrorBody(String error, String message, List<?> details) {}
}
