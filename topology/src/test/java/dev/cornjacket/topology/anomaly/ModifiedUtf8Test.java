package dev.cornjacket.topology.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Metric names come out byte for byte as {@link DataOutputStream#writeUTF} wrote them. */
class ModifiedUtf8Test {

  @Test
  void shouldMatchDataOutputStreamAndReadBack() throws IOException {
    Random random = new Random(7);
    for (int n = 0; n < 2_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(20);
      for (int i = 0; i < length; i++) {
        // ASCII, NUL, two-byte, three-byte and lone surrogates alike
        text.append(
            switch (random.nextInt(5)) {
              case 0 -> (char) random.nextInt(0x80);
              case 1 -> (char) 0;
              case 2 -> (char) (0x80 + random.nextInt(0x780));
              case 3 -> (char) (0x800 + random.nextInt(0xF7FF));
              default -> (char) (0xD800 + random.nextInt(0x800));
            });
      }
      String name = text.toString();
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      new DataOutputStream(expected).writeUTF(name);

      ByteBuffer buffer = ByteBuffer.allocate(ModifiedUtf8.size(name));
      ModifiedUtf8.write(name, buffer);

      assertThat(buffer.array()).isEqualTo(expected.toByteArray());
      assertThat(ModifiedUtf8.read(ByteBuffer.wrap(buffer.array()))).isEqualTo(name);
    }
  }

  @Test
  void shouldRefuseACutCharacter() {
    byte[] cut = {0, 2, 'a', (byte) 0xE2};

    assertThatThrownBy(() -> ModifiedUtf8.read(ByteBuffer.wrap(cut)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cut");
  }
}
