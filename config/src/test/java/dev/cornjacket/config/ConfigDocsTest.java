package dev.cornjacket.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigDocsTest {

  private static final String BEGIN = "<!-- config-table:begin -->";
  private static final String END = "<!-- config-table:end -->";

  @Test
  void shouldDeclareEverySettingOnceWithACornjacketName() {
    Set<String> seen = new HashSet<>();
    for (Setting<?> s : CornjacketConfig.allSettings()) {
      assertThat(seen.add(s.env())).as("declared twice: %s", s.env()).isTrue();
      assertThat(s.description()).isNotBlank();
    }
  }

  @Test
  void shouldMatchTheConfigurationTableInTheReadme() throws IOException {
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    assertThat(begin).as("README.md has a %s marker", BEGIN).isNotNegative();
    assertThat(end).as("README.md has a %s marker", END).isGreaterThan(begin);

    String documented = text.substring(begin + BEGIN.length(), end).strip();

    assertThat(documented)
        .as("README configuration table; regenerate it with `cornjacket config --markdown`")
        .isEqualTo(ConfigDocs.markdownTable().strip());
  }
}
