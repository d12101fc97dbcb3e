package dev.cornjacket.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesTest {

  /** The plain loop the word-at-a-time search must agree with. */
  private static int naiveIndexOf(byte[] bytes, int from, byte target) {
    for (int i = Math.max(from, 0); i < bytes.length; i++) {
      if (bytes[i] == target) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void shouldFindTheFirstTargetAtEveryPositionOfEveryLengthUpToThreeWords() {
    for (int length = 0; length <= 24; length++) {
      for (int at = 0; at < length; at++) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'x');
        bytes[at] = '\n';
        for (int from = 0; from <= length; from++) {
          assertThat(Bytes.indexOf(bytes, from, (byte) '\n'))
              .as("length %d, newline at %d, from %d", length, at, from)
              .isEqualTo(from <= at ? at : -1);
        }
      }
    }
  }

  @Test
  void shouldNotMistakeNeighboursOfTheTargetOrHighBytesForIt() {
    // 0x0B and 0x09 differ from 0x0A in one bit; 0x8A has its high bit set as well
    byte[] bytes = {
      0x0B, 0x09, (byte) 0x8A, 0x00, (byte) 0xFF, 0x0B, 0x09, (byte) 0x8A, 0x01, 0x0A
    };
    assertThat(Bytes.indexOf(bytes, 0, (byte) '\n')).isEqualTo(9);
    assertThat(Bytes.indexOf(bytes, 0, (byte) 0x8A)).isEqualTo(2);
    assertThat(Bytes.indexOf(bytes, 3, (byte) 0x8A)).isEqualTo(7);
    assertThat(Bytes.indexOf(bytes, 0, (byte) 0x00)).isEqualTo(3);
    assertThat(Bytes.indexOf(new byte[0], 0, (byte) '\n')).isEqualTo(-1);
  }

  @Test
  void shouldAgreeWithAPlainLoopOnRandomBytes() {
    Random random = new Random(7);
    for (int round = 0; round < 5_000; round++) {
      byte[] bytes = new byte[random.nextInt(64)];
      for (int i = 0; i < bytes.length; i++) {
        // a small alphabet makes matches, runs and near misses common
        bytes[i] =
            (byte)
                (random.nextInt(4) == 0
                    ? '\n'
                    : 0x08 + random.nextInt(4) + 0x80 * random.nextInt(2));
      }
      int from = random.nextInt(bytes.length + 1);
      byte target = random.nextBoolean() ? (byte) '\n' : (byte) 0x89;
      assertThat(Bytes.indexOf(bytes, from, target)).isEqualTo(naiveIndexOf(bytes, from, target));
    }
  }
}
