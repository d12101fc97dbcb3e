package dev.cornjacket.http.internal;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Path and query parameters of the read endpoints, checked; a bad one is a 400 naming it. */
final class QueryParams {

  private static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private QueryParams() {}

  /** The {@code {id}} path parameter, a device id. */
  static String deviceId(Context ctx) {
    String id = ctx.pathParam("id");
    checkDeviceId("id", id);
    return id;
  }

  static void checkDeviceId(String parameter, String value) {
    if (!DEVICE_ID.matcher(value).matches()) {
      throw bad(parameter, "must match " + DEVICE_ID.pattern());
    }
  }

  /** The {@code limit} query parameter, 1 to {@code max}. */
  static int limit(Context ctx, int defaultLimit, int max) {
    String raw = ctx.queryParam("limit");
    if (raw == null) {
      return defaultLimit;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= max) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad("limit", "must be a whole number from 1 to " + max);
  }

  /** A time query parameter: RFC 3339 or epoch milliseconds; empty when absent. */
  static Optional<Instant> instant(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          raw.chars().allMatch(Character::isDigit)
              ? Instant.ofEpochMilli(Long.parseLong(raw))
              : Instant.parse(raw));
    } catch (RuntimeException e) {
      throw bad(name, "must be an RFC 3339 timestamp or epoch milliseconds");
    }
  }

  static ApiException bad(String name, String problem) {
    return new ApiException(
        400,
        "bad_parameter",
        "parameter '" + name + "' " + problem,
        List.of(Map.of("parameter", name, "message", problem)),
        Map.of());
  }
}
