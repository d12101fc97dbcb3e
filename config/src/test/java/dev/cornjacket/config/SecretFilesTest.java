package dev.cornjacket.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {

  @Test
  void shouldReadEverySecretSettingFromItsFileWithoutTheTrailingNewline(@TempDir Path dir)
      throws IOException {
    for (Setting<?> secret :
        CornjacketConfig.allSettings().stream().filter(Setting::secret).toList()) {
      String value = "s3cret-" + secret.env().toLowerCase() + "-0123456789abcdefghijklmnop";
      Path file = Files.writeString(dir.resolve(secret.env()), value + "\n");
      Map<String, String> env = new HashMap<>(Map.of(secret.env() + "_FILE", file.toString()));
      // a secret that only makes sense beside another setting gets that setting too
      if (secret.equals(ActionsSettings.WEBHOOK_SECRET)) {
        env.put(ActionsSettings.WEBHOOK_URL.env(), "http://localhost:9000/hook");
      }

      LoadedConfig loaded = ConfigLoader.load(env, Optional.empty());

      ResolvedSetting resolved =
          loaded.settings().stream().filter(s -> s.setting().equals(secret)).findFirst().get();
      assertThat(resolved.rawValue()).as(secret.env()).isEqualTo(value);
      assertThat(resolved.source()).isEqualTo(Source.SECRET_FILE);
      assertThat(resolved.displayValue()).isEqualTo("****");
      assertThat(loaded.warnings()).isEmpty();
    }
  }

  @Test
  void shouldHandTheFileValueToTheTypedSettings(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("pg"), "pa ss\r\n");

    CornjacketConfig config =
        ConfigLoader.load(Map.of("CORNJACKET_PG_PASSWORD_FILE", file.toString()), Optional.empty())
            .config();

    assertThat(config.postgres().password()).map(Secret::value).contains("pa ss");
  }

  @Test
  void shouldRefuseTheVariableAndItsFileTogether(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("pg"), "from-file\n");
    Map<String, String> env =
        Map.of(
            "CORNJACKET_PG_PASSWORD", "from-env", "CORNJACKET_PG_PASSWORD_FILE", file.toString());

    assertThatThrownBy(() -> ConfigLoader.load(env, Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "CORNJACKET_PG_PASSWORD and CORNJACKET_PG_PASSWORD_FILE are both set: set"
                            + " the value or the file, not both"));
  }

  @Test
  void shouldNameTheVariableOfAMissingOrEmptyFile(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("nope");
    Path empty = Files.writeString(dir.resolve("empty"), "\n");
    Map<String, String> env =
        Map.of(
            "CORNJACKET_PG_PASSWORD_FILE", missing.toString(),
            "CORNJACKET_MQTT_PASSWORD_FILE", empty.toString());

    assertThatThrownBy(() -> ConfigLoader.load(env, Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "CORNJACKET_PG_PASSWORD_FILE: cannot read the file '"
                            + missing
                            + "' (no such file)",
                        "CORNJACKET_MQTT_PASSWORD_FILE: the file '" + empty + "' is empty"));
  }

  @Test
  void shouldWarnAboutAFileForASettingThatIsNoSecret(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("port"), "9999\n");

    LoadedConfig loaded =
        ConfigLoader.load(
            Map.of("CORNJACKET_HTTP_PORT_FILE", file.toString(), "CORNJACKET_NOPE_FILE", "x"),
            Optional.empty());

    assertThat(loaded.config().http().port()).isEqualTo(8080);
    assertThat(loaded.warnings())
        .containsExactlyInAnyOrder(
            "CORNJACKET_HTTP_PORT_FILE: only secret settings are read from files; set"
                + " CORNJACKET_HTTP_PORT instead (ignored)",
            "CORNJACKET_NOPE_FILE: unknown setting, ignored (see `cornjacket config`)");
  }

  @Test
  void shouldNotEchoTheSecretOfAFileInProblems(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("jwt"), "too-short\n");
    Map<String, String> env =
        Map.of("CORNJACKET_AUTH_MODE", "jwt", "CORNJACKET_AUTH_JWT_SECRET_FILE", file.toString());

    assertThatThrownBy(() -> ConfigLoader.load(env, Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(String.join("\n", e.problems())).doesNotContain("too-short"));
  }
}
