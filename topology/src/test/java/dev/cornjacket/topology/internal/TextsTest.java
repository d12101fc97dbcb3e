package dev.cornjacket.topology.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.topology.internal.Texts.Forbidden;
import org.junit.jupiter.api.Test;

class TextsTest {

  @Test
  void shouldCountCodePointsNotChars() {
    assertThat(Texts.length("a😀b")).isEqualTo(3);
  }

  @Test
  void shouldFindFirstControlCharacterByCodePointIndex() {
    assertThat(Texts.firstForbiddenCharacter("😀a\u007Fb\u0001", Forbidden.CONTROL_CHARACTERS))
        .contains("control character U+007F at index 2");
  }

  @Test
  void shouldAllowTabsAndLineBreaksInFreeTextButNotNul() {
    assertThat(Texts.firstForbiddenCharacter("a\tb\r\nc", Forbidden.NUL)).isEmpty();
    assertThat(Texts.firstForbiddenCharacter("a\u0000", Forbidden.NUL))
        .contains("control character U+0000 at index 1");
  }

  @Test
  void shouldFindUnpairedSurrogatesButAcceptPairs() {
    assertThat(Texts.firstForbiddenCharacter("😀", Forbidden.CONTROL_CHARACTERS)).isEmpty();
    assertThat(Texts.firstForbiddenCharacter("x\uDE00", Forbidden.NUL))
        .contains("unpaired surrogate U+DE00 at index 1");
    assertThat(Texts.firstForbiddenCharacter("\uD83D", Forbidden.NUL))
        .contains("unpaired surrogate U+D83D at index 0");
  }

  @Test
  void shouldFormatCodePoints() {
    assertThat(Texts.codePoint('A')).isEqualTo("U+0041");
    assertThat(Texts.codePoint(0x1F600)).isEqualTo("U+1F600");
  }

  @Test
  void shouldEscapeControlCharactersAndUnpairedSurrogatesWhenMakingPrintable() {
    assertThat(Texts.printable("a\nb\uD800c é😀", 100)).isEqualTo("a\\u000Ab\\uD800c é😀");
  }

  @Test
  void shouldShortenToCodePointsWithEllipsis() {
    assertThat(Texts.printable("😀😀😀", 2)).isEqualTo("😀😀...");
    assertThat(Texts.printable("abc", 3)).isEqualTo("abc");
  }
}
