package dev.cornjacket.topology.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cornjacket.topology.internal.Rfc3339;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Optional;

/** Reads an event's {@code ts} the way the contract allows: RFC 3339 text or epoch milliseconds. */
final class EventTimes {

  private EventTimes() {}

  static Optional<Instant> parse(JsonNode ts) {
    if (ts == null) {
      return Optional.empty();
    }
    try {
      if (ts.isTextual()) {
        return Optional.of(Rfc3339.parse(ts.textValue()));
      }
      if (ts.isIntegralNumber() && ts.canConvertToLong()) {
        return Optional.of(Instant.ofEpochMilli(ts.longValue()));
      }
    } catch (DateTimeException e) {
      // not a time: the validator will say why
    }
    return Optional.empty();
  }
}
