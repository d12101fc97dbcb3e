package dev.cornjacket.topology;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.Random;

/**
 * Random edits of JSON bytes for the fuzz tests of the fast paths: each edit replaces a byte with a
 * JSON-significant one, deletes one or repeats one, which makes a mix of valid and invalid, plain
 * and odd JSON.
 */
final class JsonEdits {

  private static final byte[] ALPHABET =
      "{}[]\":,. 0123456789eE+-\\/untrlfsa_Z\t\u0001".getBytes(UTF_8);

  private JsonEdits() {}

  /** {@code json} after one to {@code maxEdits} random edits; {@code json} itself is unchanged. */
  static byte[] edit(byte[] json, Random random, int maxEdits) {
    byte[] edited = json.clone();
    int edits = 1 + random.nextInt(maxEdits);
    for (int e = 0; e < edits && edited.length > 1; e++) {
      int at = random.nextInt(edited.length);
      edited =
          switch (random.nextInt(3)) {
            case 0 -> {
              edited[at] = ALPHABET[random.nextInt(ALPHABET.length)];
              yield edited;
            }
            case 1 -> concat(Arrays.copyOfRange(edited, 0, at), edited, at + 1);
            default -> concat(Arrays.copyOfRange(edited, 0, at + 1), edited, at);
          };
    }
    return edited;
  }

  private static byte[] concat(byte[] head, byte[] source, int from) {
    byte[] joined = Arrays.copyOf(head, head.length + source.length - from);
    System.arraycopy(source, from, joined, head.length, source.length - from);
    return joined;
  }
}
