package dev.cornjacket.topology.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Character-level checks and safe rendering of untrusted strings. Lengths and indexes count Unicode
 * code points, as people and most languages count characters.
 */
public final class Texts {

  private static final String ELLIPSIS = "...";

  private Texts() {}

  /** Which characters a string may not contain. */
  public enum Forbidden {
    /** Identifiers and names: no control characters, no unpaired surrogates. */
    CONTROL_CHARACTERS,
    /**
     * Free text such as attribute values: tabs and line breaks are fine, but no NUL (PostgreSQL
     * text cannot hold it) and no unpaired surrogates (not encodable as UTF-8).
     */
    NUL
  }

  /** The number of code points in {@code text}. */
  public static int length(String text) {
    return text.codePointCount(0, text.length());
  }

  /**
   * Describes the first forbidden character of {@code text}, for example {@code "control character
   * U+0001 at index 4"}, or empty when there is none.
   */
  public static Optional<String> firstForbiddenCharacter(String text, Forbidden forbidden) {
    if (isPrintableAscii(text)) {
      return Optional.empty(); // nearly every name and value: no code point walk needed
    }
    int index = 0;
    for (int offset = 0; offset < text.length(); index++) {
      int codePoint = text.codePointAt(offset);
      offset += Character.charCount(codePoint);
      if (isUnpairedSurrogate(codePoint)) {
        return Optional.of("unpaired surrogate " + codePoint(codePoint) + " at index " + index);
      }
      boolean forbiddenHere =
          switch (forbidden) {
            case CONTROL_CHARACTERS -> Character.isISOControl(codePoint);
            case NUL -> codePoint == 0;
          };
      if (forbiddenHere) {
        return Optional.of("control character " + codePoint(codePoint) + " at index " + index);
      }
    }
    return Optional.empty();
  }

  /** {@code U+0041} for {@code 'A'}, {@code U+1F600} for a smiley. */
  public static String codePoint(int codePoint) {
    return String.format(Locale.ROOT, "U+%04X", codePoint);
  }

  /**
   * {@code text} made safe for logs, error messages and field paths: control characters and
   * unpaired surrogates escaped as {@code \\uXXXX}, and at most {@code maxLength} code points kept,
   * followed by {@code ...} when shortened.
   */
  public static String printable(String text, int maxLength) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength) + ELLIPSIS.length());
    int kept = 0;
    for (int offset = 0; offset < text.length(); kept++) {
      if (kept == maxLength) {
        return out.append(ELLIPSIS).toString();
      }
      int codePoint = text.codePointAt(offset);
      offset += Character.charCount(codePoint);
      if (Character.isISOControl(codePoint) || isUnpairedSurrogate(codePoint)) {
        out.append(String.format(Locale.ROOT, "\\u%04X", codePoint));
      } else {
        out.appendCodePoint(codePoint);
      }
    }
    return out.toString();
  }

  private static boolean isPrintableAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        return false;
      }
    }
    return true;
  }

  // codePointAt returns a surrogate only when it has no partner.
  private static boolean isUnpairedSurrogate(int codePoint) {
    return codePoint <= Character.MAX_VALUE && Character.isSurrogate((char) codePoint);
  }
}
