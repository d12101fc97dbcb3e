package dev.cornjacket.http.internal;

import java.util.Locale;

/** How a POST body holds its events, chosen from the {@code Content-Type}. */
enum BodyFormat {
  /** One event object or a JSON array of events. */
  JSON,
  /** One event per line. */
  NDJSON;

  /**
   * Maps a content type to a format. A missing type, or the form type that {@code curl -d} sends by
   * default, is read as JSON: a gateway that forgot the header still gets a precise answer about
   * its events rather than a bare 415.
   */
  static BodyFormat of(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return JSON;
    }
    String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return switch (mediaType) {
      case "application/json", "application/x-www-form-urlencoded" -> JSON;
      case "application/x-ndjson", "application/ndjson", "application/jsonl" -> NDJSON;
      default ->
          throw new ApiException(
              415,
              "unsupported_media_type",
              "Content-Type '"
                  + mediaType
                  + "' is not supported; send application/json (one event or an array) or"
                  + " application/x-ndjson (one event per line)");
    };
  }
}
