package dev.cornjacket.topology;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Why an event was rejected, as a machine-readable code. The {@link #code()} is what clients see in
 * HTTP error details and what the dead-letter header {@code cj.dlq.reason} carries.
 */
public enum RejectReason {
  /** Not parseable as strict JSON (syntax, invalid UTF-8, duplicate keys, nesting too deep). */
  INVALID_JSON,
  /** A required field is absent or {@code null}. */
  MISSING_FIELD,
  /** A field has the wrong JSON type, for example a number where a string is expected. */
  BAD_TYPE,
  /** A field has the right JSON type but a value outside the contract. */
  BAD_VALUE,
  /** {@code ts} is too far in the future or too old. */
  TS_OUT_OF_RANGE,
  /** The event, or one of its maps, exceeds a size limit. */
  TOO_LARGE,
  /** The {@code device_id} in the payload disagrees with the one of the channel (MQTT topic). */
  DEVICE_MISMATCH;

  private final String code = name().toLowerCase(Locale.ROOT);

  /** The code in lower snake case, for example {@code "invalid_json"}. */
  public String code() {
    return code;
  }

  /** The reason with this code, for example when reading a dead-letter header back. */
  public static Optional<RejectReason> fromCode(String code) {
    Objects.requireNonNull(code, "code");
    for (RejectReason reason : values()) {
      if (reason.code.equals(code)) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }
}
