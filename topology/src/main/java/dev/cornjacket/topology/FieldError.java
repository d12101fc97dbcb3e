package dev.cornjacket.topology;

import java.util.Objects;

/**
 * One problem with one field of an event.
 *
 * <p>{@code field} is a path into the event: a top-level name ({@code ts}), or a map entry joined
 * with a dot ({@code metrics.temperature}, {@code attrs.firmware}). {@link #ROOT} ({@code "$"}, the
 * JSONPath root) stands for the event as a whole, for example when it is not a JSON object or is
 * too large; {@code "$"} was chosen over an empty string because it stays visible in logs and user
 * interfaces. A name that is itself invalid appears escaped and shortened, so a field path is
 * always printable.
 *
 * <p>{@code message} is phrased to follow the field name, for example {@code device_id} + {@code
 * "is required"}, and never repeats the offending value verbatim (it describes it instead: its JSON
 * type, its length, the first bad character as {@code U+0020}).
 */
public record FieldError(String field, String message) {

  /** The field of errors about the event as a whole. */
  public static final String ROOT = "$";

  public FieldError {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }
}
