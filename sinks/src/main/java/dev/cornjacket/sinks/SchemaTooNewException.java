package dev.cornjacket.sinks;

/**
 * The database's schema has migrations this version of Cornjacket does not know: it was written by
 * a newer version. Starting anyway could write rows a newer schema does not expect, so start-up
 * stops with this message instead.
 */
public final class SchemaTooNewException extends IllegalStateException {

  public SchemaTooNewException(String message) {
    super(message);
  }
}
