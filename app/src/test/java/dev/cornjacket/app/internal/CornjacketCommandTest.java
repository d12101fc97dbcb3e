package dev.cornjacket.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.config.ConfigDocs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CornjacketCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = CornjacketCommand.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void shouldPrintTheVersionOnEveryCommand() {
    for (String[] args :
        new String[][] {
          {"--version"}, {"dev", "--version"}, {"run", "--version"}, {"config", "--version"}
        }) {
      out.getBuffer().setLength(0);
      assertThat(run(args)).isZero();
      assertThat(out.toString()).startsWith("cornjacket ").contains("Java ");
    }
  }

  @Test
  void shouldListTheSubcommandsInHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("dev", "run", "config");
    out.getBuffer().setLength(0);
    assertThat(run("dev", "--help")).isZero();
    assertThat(out.toString()).contains("--fresh", "--config");
  }

  @Test
  void shouldPrintTheEffectiveConfigurationWithSourcesAndMaskedSecrets(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("cornjacket.properties");
    Files.writeString(file, "http.port=9123\npg.password=hunter2-hunter2\n");

    assertThat(run("config", "--config", file.toString())).isZero();

    assertThat(out.toString())
        .containsPattern("CORNJACKET_HTTP_PORT\\s+9123\\s+file")
        .containsPattern("CORNJACKET_PG_PASSWORD\\s+\\*\\*\\*\\*\\s+file")
        .containsPattern("CORNJACKET_KAFKA_TOPIC_PREFIX\\s+cj\\.\\s+default")
        .doesNotContain("hunter2");
  }

  @Test
  void shouldPrintTheReferenceTableAsInTheReadme() {
    assertThat(run("config", "--markdown")).isZero();
    assertThat(out.toString()).isEqualTo(ConfigDocs.markdownTable());
  }

  @Test
  void shouldFailWithEveryConfigurationProblemAndExitCode2(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "http.port=abc\nkafka.partitions=0\n");

    assertThat(run("config", "--config", file.toString())).isEqualTo(2);

    assertThat(err.toString())
        .contains("Invalid configuration (2 problems):")
        .contains("CORNJACKET_HTTP_PORT: 'abc' is not a port number")
        .contains("CORNJACKET_KAFKA_PARTITIONS: '0' is out of range 1..10000")
        .doesNotContain("Exception");
  }

  @Test
  void shouldRefuseToRunWithoutABroker() {
    // CI and developer machines do not set CORNJACKET_KAFKA_BOOTSTRAP for the build
    assertThat(System.getenv("CORNJACKET_KAFKA_BOOTSTRAP")).isNull();

    assertThat(run("run")).isEqualTo(2);

    assertThat(err.toString()).contains("CORNJACKET_KAFKA_BOOTSTRAP is not set");
  }

  @Test
  void shouldRefuseAReplayOfAMissingFileOrAnUnknownFormat(@TempDir Path dir) throws IOException {
    assertThat(run("replay", "--input", dir.resolve("nope.csv").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("nope.csv: no such readable file");

    Path file = dir.resolve("events.txt");
    Files.writeString(file, "{}\n");
    err.getBuffer().setLength(0);
    assertThat(run("replay", "--input", file.toString(), "--format", "xml")).isEqualTo(2);
    assertThat(err.toString()).contains("--format xml: use ndjson or csv");
  }
}
