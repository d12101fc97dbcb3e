package dev.cornjacket.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.http.BadMessageException;

/**
 * Reads a request body up to a limit. A declared {@code Content-Length} over the limit is refused
 * before reading anything; a chunked body is refused as soon as it crosses the limit, so an
 * oversized body is never held in memory.
 */
final class BoundedBodyReader {

  private final long maxBytes;

  BoundedBodyReader(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  byte[] read(long declaredLength, InputStream body) {
    if (declaredLength > maxBytes) {
      throw tooLarge(declaredLength + " bytes declared");
    }
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 8192);
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    try {
      int n;
      while ((n = body.read(buffer)) != -1) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge("more than " + maxBytes + " bytes sent");
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new ApiException(400, "unreadable_body", "the request body could not be read: " + e);
    } catch (BadMessageException e) {
      // Jetty's minimum data rate (SlowClientLimits): the body came too slowly
      throw new ApiException(
          e.getCode(), "body_too_slow", "the request body arrived too slowly: " + e.getReason());
    }
    return out.toByteArray();
  }

  private ApiException tooLarge(String what) {
    return new ApiException(
        413,
        "body_too_large",
        "request body too large: " + what + ", the limit is " + maxBytes + " bytes");
  }
}
