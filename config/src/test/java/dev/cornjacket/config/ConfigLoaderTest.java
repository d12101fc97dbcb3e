package dev.cornjacket.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @Test
  void shouldUseDefaultsWhenNothingIsConfigured() {
    LoadedConfig loaded = ConfigLoader.load(Map.of(), Optional.empty());
    CornjacketConfig config = loaded.config();

    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.http().maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
    assertThat(config.http().maxBatchItems()).isEqualTo(10_000);
    assertThat(config.kafka().bootstrap()).isEmpty();
    assertThat(config.kafka().topicPrefix()).isEqualTo("cj.");
    assertThat(config.kafka().retention()).isEqualTo(Duration.ofHours(24));
    assertThat(config.node().roles()).containsExactlyInAnyOrder(Role.values());
    assertThat(config.auth().mode()).isEqualTo(AuthSettings.Mode.NONE);
    assertThat(loaded.settings()).allMatch(s -> s.source() == Source.DEFAULT);
    assertThat(loaded.warnings()).isEmpty();
  }

  @Test
  void shouldListEveryBadVariableAtOnce() {
    Map<String, String> env =
        Map.of(
            "CORNJACKET_HTTP_PORT", "abc",
            "CORNJACKET_KAFKA_BOOTSTRAP", "localhost",
            "CORNJACKET_PG_URL", "foo",
            "CORNJACKET_ROLES", "ingest,cooking",
            "CORNJACKET_HTTP_MAX_BODY", "4 parsecs",
            "CORNJACKET_KAFKA_RETENTION", "forever");

    assertThatThrownBy(() -> ConfigLoader.load(env, Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "CORNJACKET_HTTP_PORT: 'abc' is not a port number",
                        "CORNJACKET_KAFKA_BOOTSTRAP: 'localhost' is not a list of host:port",
                        "CORNJACKET_PG_URL: 'foo' is not a JDBC URL (expected"
                            + " jdbc:postgresql://host:port/database)",
                        "CORNJACKET_ROLES: 'ingest,cooking' is not one of"
                            + " ingest|streams|sinks|actions",
                        "CORNJACKET_HTTP_MAX_BODY: '4 parsecs' is not a size (examples: 4MiB,"
                            + " 512KiB, 1048576)",
                        "CORNJACKET_KAFKA_RETENTION: 'forever' is not a duration (examples: 500ms,"
                            + " 10s, 5m, 24h, 7d, PT1H)"))
        .hasMessageStartingWith("Invalid configuration (6 problems):");
  }

  @Test
  void shouldRejectOutOfRangeNumbers() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("CORNJACKET_HTTP_PORT", "70000", "CORNJACKET_KAFKA_PARTITIONS", "0"),
                    Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "CORNJACKET_HTTP_PORT: '70000' is not a port number (0-65535)",
                        "CORNJACKET_KAFKA_PARTITIONS: '0' is out of range 1..10000"));
  }

  @Test
  void shouldRequireJwtSecretOfAtLeast32BytesInJwtMode() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Map.of("CORNJACKET_AUTH_MODE", "jwt"), Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "CORNJACKET_AUTH_JWT_SECRET: is required when CORNJACKET_AUTH_MODE=jwt,"
                            + " unless CORNJACKET_AUTH_JWKS is set"));
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("CORNJACKET_AUTH_MODE", "jwt", "CORNJACKET_AUTH_JWT_SECRET", "short"),
                    Optional.empty()))
        .hasMessageContaining("CORNJACKET_AUTH_JWT_SECRET: must be at least 32 bytes")
        .hasMessageNotContaining("short");
  }

  @Test
  void shouldAcceptAJwksFileInPlaceOfTheSecretAndCheckTheInternalSecretLength() {
    AuthSettings auth =
        ConfigLoader.load(
                Map.of(
                    "CORNJACKET_AUTH_MODE", "jwt",
                    "CORNJACKET_AUTH_JWKS", "keys.json",
                    "CORNJACKET_AUTH_ISSUER", "https://id.example",
                    "CORNJACKET_AUTH_CLOCK_SKEW", "5s"),
                Optional.empty())
            .config()
            .auth();
    assertThat(auth.jwtSecret()).isEmpty();
    assertThat(auth.issuer()).contains("https://id.example");
    assertThat(auth.clockSkew()).hasSeconds(5);
    assertThat(auth.metrics()).isEqualTo(AuthSettings.MetricsAccess.OPEN);
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("CORNJACKET_AUTH_INTERNAL_SECRET", "tiny"), Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly("CORNJACKET_AUTH_INTERNAL_SECRET: must be at least 32 bytes"));
  }

  @Test
  void shouldReadTheMqttBridgeSettings() {
    MqttSettings defaults = ConfigLoader.load(Map.of(), Optional.empty()).config().mqtt();
    assertThat(defaults.url()).isEmpty();
    assertThat(defaults.clientId()).isEmpty();
    assertThat(defaults.sessionExpiry()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.receiveMaximum()).isEqualTo(1000);
    assertThat(defaults.maxPayload()).isEqualTo(256 * 1024);
    assertThat(defaults.protocol()).isEqualTo(MqttSettings.Protocol.AUTO);

    MqttSettings mqtt =
        ConfigLoader.load(
                Map.of(
                    "CORNJACKET_MQTT_URL", "ssl://broker:8883",
                    "CORNJACKET_MQTT_CLIENT_ID", "bridge-1",
                    "CORNJACKET_MQTT_SESSION_EXPIRY", "2d",
                    "CORNJACKET_MQTT_PROTOCOL", "mqtt3",
                    "CORNJACKET_MQTT_TRUST_STORE", "certs/broker.p12",
                    "CORNJACKET_MQTT_TRUST_STORE_PASSWORD", "changeit"),
                Optional.empty())
            .config()
            .mqtt();
    assertThat(mqtt.clientId()).contains("bridge-1");
    assertThat(mqtt.sessionExpiry()).isEqualTo(Duration.ofDays(2));
    assertThat(mqtt.protocol()).isEqualTo(MqttSettings.Protocol.MQTT3);
    assertThat(mqtt.trustStore()).contains(Path.of("certs/broker.p12"));
    assertThat(mqtt.toString()).doesNotContain("changeit");
  }

  @Test
  void shouldFillInTheDevCredentialsOnlyWhereNoneAreConfigured() {
    MqttSettings configured =
        ConfigLoader.load(Map.of("CORNJACKET_MQTT_USERNAME", "me"), Optional.empty())
            .config()
            .mqtt()
            .withCredentialsIfUnset("cornjacket", new Secret("dev"));

    assertThat(configured.username()).contains("me");
    assertThat(configured.password().map(Secret::value)).contains("dev");
  }

  @Test
  void shouldRejectAnMqttSessionOrPayloadLimitMqttCannotHonour() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of(
                        "CORNJACKET_MQTT_SESSION_EXPIRY", "0s",
                        "CORNJACKET_MQTT_MAX_PAYLOAD", "2MiB",
                        "CORNJACKET_MQTT_RECEIVE_MAXIMUM", "0"),
                    Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "CORNJACKET_MQTT_SESSION_EXPIRY: must be between 1s and 4294967295"
                            + " seconds (without a session, messages in flight are lost when the"
                            + " bridge reconnects)",
                        "CORNJACKET_MQTT_MAX_PAYLOAD: must be between 1KiB and 900KiB (a record"
                            + " must fit Kafka's 1 MiB default)",
                        "CORNJACKET_MQTT_RECEIVE_MAXIMUM: '0' is out of range 1..65535"));
  }

  @Test
  void shouldParseSizesDurationsAndRoles() {
    CornjacketConfig config =
        ConfigLoader.load(
                Map.of(
                    "CORNJACKET_HTTP_MAX_BODY", "512KiB",
                    "CORNJACKET_KAFKA_PRODUCE_TIMEOUT", "PT3S",
                    "CORNJACKET_STREAMS_COMMIT_INTERVAL", "1s",
                    "CORNJACKET_ROLES", " Ingest , streams ",
                    "CORNJACKET_KAFKA_BOOTSTRAP", "a:9092, b:9093"),
                Optional.empty())
            .config();

    assertThat(config.http().maxBodyBytes()).isEqualTo(512 * 1024);
    assertThat(config.kafka().produceTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.streams().commitInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.node().roles()).isEqualTo(Set.of(Role.INGEST, Role.STREAMS));
    assertThat(config.kafka().bootstrap()).contains("a:9092, b:9093");
  }

  @Test
  void shouldLetTheEnvironmentWinOverTheFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cornjacket.properties");
    Files.writeString(
        file, "http.port=9000\nCORNJACKET_KAFKA_TOPIC_PREFIX=test.\npg.pool.size=3\n");

    LoadedConfig loaded =
        ConfigLoader.load(Map.of("CORNJACKET_HTTP_PORT", "9100"), Optional.of(file));

    assertThat(loaded.config().http().port()).isEqualTo(9100);
    assertThat(loaded.config().kafka().topicPrefix()).isEqualTo("test.");
    assertThat(loaded.config().postgres().poolSize()).isEqualTo(3);
    assertThat(sourceOf(loaded, HttpSettings.PORT)).isEqualTo(Source.ENVIRONMENT);
    assertThat(sourceOf(loaded, KafkaSettings.TOPIC_PREFIX)).isEqualTo(Source.FILE);
    assertThat(sourceOf(loaded, HttpSettings.MAX_ITEMS)).isEqualTo(Source.DEFAULT);
  }

  @Test
  void shouldRejectUnknownKeysInTheFileAndAMissingFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "http.prot=9000\n");

    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(file)))
        .hasMessageContaining("--config " + file + ": unknown setting 'http.prot'");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(dir.resolve("nope"))))
        .hasMessageContaining("cannot be read");
  }

  @Test
  void shouldWarnAboutUnknownCornjacketVariables() {
    LoadedConfig loaded =
        ConfigLoader.load(
            Map.of("CORNJACKET_HTTP_PROT", "1", "PATH", "/usr/bin"), Optional.empty());

    assertThat(loaded.warnings())
        .containsExactly(
            "CORNJACKET_HTTP_PROT: unknown setting, ignored (see `cornjacket config`)");
  }

  @Test
  void shouldReadThePostgresSinkSettingsWithTheirDefaults() {
    PostgresSettings defaults = ConfigLoader.load(Map.of(), Optional.empty()).config().postgres();
    assertThat(defaults.batchSize()).isEqualTo(5000);
    assertThat(defaults.retention()).isEqualTo(Duration.ofDays(7));
    assertThat(defaults.partitionsAhead()).isEqualTo(3);

    PostgresSettings configured =
        ConfigLoader.load(
                Map.of(
                    "CORNJACKET_PG_BATCH_SIZE", "200",
                    "CORNJACKET_PG_RETENTION", "30d",
                    "CORNJACKET_PG_PARTITIONS_AHEAD", "5"),
                Optional.empty())
            .config()
            .postgres();
    assertThat(configured.batchSize()).isEqualTo(200);
    assertThat(configured.retention()).isEqualTo(Duration.ofDays(30));
    assertThat(configured.partitionsAhead()).isEqualTo(5);
    assertThat(configured.withUrl("jdbc:postgresql://db:5432/cj"))
        .isEqualTo(
            new PostgresSettings(
                Optional.of("jdbc:postgresql://db:5432/cj"),
                "postgres",
                Optional.empty(),
                8,
                200,
                Duration.ofDays(30),
                5));
  }

  @Test
  void shouldRejectARetentionShorterThanADayAndTooFewPartitionsAhead() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of(
                        "CORNJACKET_PG_RETENTION", "12h",
                        "CORNJACKET_PG_PARTITIONS_AHEAD", "1",
                        "CORNJACKET_PG_BATCH_SIZE", "0"),
                    Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "CORNJACKET_PG_RETENTION: must be at least 1d (partitions hold whole days)",
                        "CORNJACKET_PG_PARTITIONS_AHEAD: '1' is out of range 2..90",
                        "CORNJACKET_PG_BATCH_SIZE: '0' is out of range 1..100000"));
  }

  @Test
  void shouldMaskSecretsEverywhere() {
    LoadedConfig loaded =
        ConfigLoader.load(
            Map.of(
                "CORNJACKET_PG_PASSWORD", "hunter2-hunter2",
                "CORNJACKET_AUTH_MODE", "jwt",
                "CORNJACKET_AUTH_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            Optional.empty());

    assertThat(loaded.config().toString())
        .doesNotContain("hunter2")
        .doesNotContain("0123456789abcdef");
    assertThat(loaded.config().postgres().password())
        .hasValueSatisfying(p -> assertThat(p.value()).isEqualTo("hunter2-hunter2"));
    assertThat(loaded.settings())
        .filteredOn(s -> s.setting().secret() && s.rawValue() != null)
        .extracting(ResolvedSetting::displayValue)
        .containsOnly("****");
  }

  @Test
  void shouldNotEchoSecretValuesInProblems() {
    assertThatThrownBy(
            () ->
                ConfigLoader.load(
                    Map.of("CORNJACKET_AUTH_JWT_SECRET", "tiny-secret"), Optional.empty()))
        .hasMessageNotContaining("tiny-secret");
  }

  private static Source sourceOf(LoadedConfig loaded, Setting<?> setting) {
    return loaded.settings().stream()
        .filter(s -> s.setting().equals(setting))
        .findFirst()
        .orElseThrow()
        .source();
  }
}
