package dev.cornjacket.http.internal;

import java.util.Locale;
import java.util.Optional;

/** What a token allows: write events, read data, or operate the platform. */
public enum Scope {
  INGEST,
  QUERY,
  OPS;

  /** The scope as written in tokens: lower case. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<Scope> fromWire(String value) {
    for (Scope scope : values()) {
      if (scope.wireName().equals(value)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
