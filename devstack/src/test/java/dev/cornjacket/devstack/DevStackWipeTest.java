package dev.cornjacket.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevStackWipeTest {

  @TempDir Path parent;

  @Test
  void shouldDeleteADirectoryHoldingOnlyTheServersFolders() throws IOException {
    Path dataDir = parent.resolve("dev");
    Files.createDirectories(dataDir.resolve("kafka/events-0"));
    Files.writeString(dataDir.resolve("kafka/meta.properties"), "cluster.id=x");
    Files.createDirectories(dataDir.resolve("postgres/base"));
    Files.createDirectories(dataDir.resolve("mqtt/conf"));

    DevStack.wipe(dataDir);

    assertThat(dataDir).doesNotExist();
  }

  @Test
  void shouldDeleteAnEmptyDirectory() throws IOException {
    Path dataDir = Files.createDirectories(parent.resolve("dev"));

    DevStack.wipe(dataDir);

    assertThat(dataDir).doesNotExist();
  }

  @Test
  void shouldDoNothingWhenTheDirectoryDoesNotExist() {
    Path dataDir = parent.resolve("never-created");

    DevStack.wipe(dataDir);

    assertThat(dataDir).doesNotExist();
  }

  @Test
  void shouldWipeTheApplicationStateWithTheServers() throws IOException {
    Path dataDir = parent.resolve("dev");
    Files.createDirectories(dataDir.resolve("kafka"));
    Files.createDirectories(dataDir.resolve(DevStack.APPLICATION_STATE_DIR).resolve("0_1"));

    DevStack.wipe(dataDir);

    assertThat(dataDir).doesNotExist();
  }

  @Test
  void shouldRefuseADirectoryHoldingAnythingElse() throws IOException {
    Path home = parent.resolve("home");
    Files.createDirectories(home.resolve("kafka"));
    Files.createDirectories(home.resolve("Documents"));
    Files.writeString(home.resolve(".bashrc"), "export PATH");

    assertThatThrownBy(() -> DevStack.wipe(home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Refusing to wipe "
                + home
                + ": it contains [.bashrc, Documents], but a dev stack data directory holds only"
                + " the subdirectories [kafka, mqtt, postgres, streams]");
    assertThat(home.resolve(".bashrc")).exists();
    assertThat(home.resolve("kafka")).exists();
  }

  @Test
  void shouldRefuseAFileNamedLikeAServerFolder() throws IOException {
    Path dataDir = Files.createDirectories(parent.resolve("dev"));
    Files.writeString(dataDir.resolve("kafka"), "not a folder");

    assertThatThrownBy(() -> DevStack.wipe(dataDir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Refusing to wipe " + dataDir + ": it contains [kafka]");
  }

  @Test
  void shouldRefuseALinkInsteadOfAServerFolderAndLeaveItsTargetAlone() throws IOException {
    Path precious = Files.createDirectories(parent.resolve("precious"));
    Files.writeString(precious.resolve("thesis.tex"), "\\begin{document}");
    Path dataDir = Files.createDirectories(parent.resolve("dev"));
    Files.createSymbolicLink(dataDir.resolve("postgres"), precious);

    assertThatThrownBy(() -> DevStack.wipe(dataDir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Refusing to wipe " + dataDir + ": it contains [postgres]");
    assertThat(precious.resolve("thesis.tex")).exists();
  }

  @Test
  void shouldRefuseAFile() throws IOException {
    Path file = Files.writeString(parent.resolve("notes.txt"), "keep me");

    assertThatThrownBy(() -> DevStack.wipe(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Refusing to wipe " + file + ": it is not a directory (or is a symbolic link)");
    assertThat(file).exists();
  }

  @Test
  void shouldNameTheMissingArgument() {
    assertThatThrownBy(() -> DevStack.wipe(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataDir");
  }
}
