package dev.cornjacket.http.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
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

  byte[] read(long declaredLength, InputStream in) {
    if (declaredLength > maxBytes) {
      throw tooLarge(declaredLength + " bytes declared");
    }
    try {
      if (declaredLength > 0) {
        // the usual request: read straight into an array of the declared size, without copies
        byte[] body = new byte[(int) declaredLength];
        int read = in.readNBytes(body, 0, body.length);
        return read == body.length ? body : Arrays.copyOf(body, read);
      }
      return readChunked(in);
    } catch (IOException e) {
      throw new ApiException(400, "unreadable_body", "the request body could not be read: " + e);
    } catch (BadMessageException e) {
      // Jetty's minimum data rate (SlowClientLimits): the body came too slowly
      throw new ApiException(
          e.getCode(), "body_too_slow", "the request body arrived too slowly: " + e.getReason());
    }
  }

  /** A body of unknown length, refused as soon as it crosses the limit. */
  private byte[] readChunked(InputStream body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    int n;
    while ((n = body.read(buffer)) != -1) {
      total += n;
      if (total > maxBytes) {
        throw tooLarge("more than " + maxBytes + " bytes sent");
      }
      out.write(buffer, 0, n);
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
