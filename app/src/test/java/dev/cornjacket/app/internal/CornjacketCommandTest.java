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
  void shouldRefuseToRunWithoutATokenSecretUnlessAuthIsTurnedOffExplicitly(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("run.properties");
    Files.writeString(file, "kafka.bootstrap=localhost:1\n");

    assertThat(run("run", "--config", file.toString())).isEqualTo(2);

    assertThat(err.toString())
        .contains(
            "CORNJACKET_AUTH_MODE is unset, so `cornjacket run` authenticates with jwt:"
                + " CORNJACKET_AUTH_JWT_SECRET: is required when CORNJACKET_AUTH_MODE=jwt, unless"
                + " CORNJACKET_AUTH_JWKS is set. Set CORNJACKET_AUTH_MODE=none to run without"
                + " authentication.")
        .doesNotContain("Exception");
  }

  @Test
  void shouldMintATokenWithTheScopesDeviceIssuerAndExpiryAsked(@TempDir Path dir) throws Exception {
    String secret = "a-dev-secret-of-at-least-32-bytes!!";
    Path file = dir.resolve("auth.properties");
    Files.writeString(
        file, "auth.jwt.secret=" + secret + "\nauth.issuer=cj-test\nauth.audience=cj-api\n");

    assertThat(
            run(
                "token",
                "--config",
                file.toString(),
                "--scope",
                "ingest,query",
                "--device",
                "d-7",
                "--ttl",
                "30m"))
        .as(err.toString())
        .isZero();

    com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(out.toString().strip());
    assertThat(
            jwt.verify(
                new com.nimbusds.jose.crypto.MACVerifier(
                    secret.getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .isTrue();
    com.nimbusds.jwt.JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("d-7");
    assertThat(claims.getStringClaim("scope")).isEqualTo("ingest query");
    assertThat(claims.getStringClaim("device")).isEqualTo("d-7");
    assertThat(claims.getIssuer()).isEqualTo("cj-test");
    assertThat(claims.getAudience()).containsExactly("cj-api");
    assertThat(claims.getExpirationTime().getTime() - claims.getIssueTime().getTime())
        .isEqualTo(30 * 60 * 1000L);

    assertThat(run("token", "--config", file.toString(), "--scope", "admin")).isEqualTo(2);
    assertThat(err.toString()).contains("--scope: 'admin' is not one of ingest, query, ops");
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

  @Test
  void shouldSaySimulateCannotReachAnInstanceThatIsNotRunning() throws IOException {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    int exit = run("simulate", "--url", "http://localhost:" + port, "--duration", "2s");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains(
            "Cannot reach Cornjacket at http://localhost:"
                + port
                + " (connection refused): is it running? Start it with `cornjacket dev`, or point"
                + " --url at it");
  }

  @Test
  void shouldNameABadSimulateOption() {
    assertThat(run("simulate", "--rate", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--rate must be above 0, got 0.0");
    err.getBuffer().setLength(0);
    assertThat(run("simulate", "--anomalies", "2")).isEqualTo(2);
    assertThat(err.toString()).contains("anomalies must be between 0 and 1, got 2.0");
  }
}
