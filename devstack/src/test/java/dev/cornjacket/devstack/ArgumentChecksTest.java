package dev.cornjacket.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.config.Secret;
import dev.cornjacket.devstack.DevStack.Options;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Argument checks and the state of servers that were never started; no server runs here. */
class ArgumentChecksTest {

  @TempDir Path dataDir;

  @Test
  void shouldNameTheMissingDataDirectory() {
    assertThatThrownBy(() -> new EmbeddedKafka(null, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataDir");
    assertThatThrownBy(() -> new EmbeddedPostgresServer(null, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataDir");
    assertThatThrownBy(() -> new EmbeddedMqttBroker(null, 0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataDir");
  }

  @Test
  void shouldNameTheBadMqttCredentials() {
    assertThatThrownBy(() -> new MqttCredentials(" ", new Secret("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("username must not be blank");
    assertThatThrownBy(() -> new MqttCredentials("user", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("password");
    assertThatThrownBy(() -> new EmbeddedMqttBroker(dataDir, 0, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("credentials");
    assertThat(new MqttCredentials("user", new Secret("s3cret")).toString())
        .doesNotContain("s3cret");
  }

  @Test
  void shouldRejectPortsOutOfRange() {
    assertThatThrownBy(() -> new EmbeddedKafka(dataDir, 65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535, was: 65536");
    assertThatThrownBy(() -> new EmbeddedPostgresServer(dataDir, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535, was: -1");
    assertThatThrownBy(() -> new EmbeddedMqttBroker(dataDir, 70_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535, was: 70000");
  }

  @Test
  void shouldNameTheBadOption() {
    assertThatThrownBy(() -> new Options(null, 0, 0, 0, true, true, true))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("dataDir");
    assertThatThrownBy(() -> new Options(dataDir, -1, 0, 0, true, true, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kafkaPort must be between 0 and 65535, was: -1");
    assertThatThrownBy(() -> new Options(dataDir, 0, 100_000, 0, true, true, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("postgresPort must be between 0 and 65535, was: 100000");
    assertThatThrownBy(() -> new Options(dataDir, 0, 0, -5, true, true, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mqttPort must be between 0 and 65535, was: -5");
    assertThatThrownBy(() -> DevStack.start(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("options");
  }

  @Test
  void shouldChooseAPortOnceAndReportAddressesBeforeStarting() {
    EmbeddedKafka kafka = new EmbeddedKafka(dataDir.resolve("kafka"), 0);
    EmbeddedPostgresServer postgres = new EmbeddedPostgresServer(dataDir.resolve("pg"), 0);
    EmbeddedMqttBroker mqtt = new EmbeddedMqttBroker(dataDir.resolve("mqtt"), 0);

    assertThat(kafka.port()).isPositive();
    assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + kafka.port());
    assertThat(postgres.jdbcUrl())
        .isEqualTo("jdbc:postgresql://localhost:" + postgres.port() + "/postgres");
    assertThat(postgres.user()).isEqualTo("postgres");
    assertThat(mqtt.url()).isEqualTo("tcp://localhost:" + mqtt.port());
  }

  @Test
  void shouldKeepTheGivenPort() {
    assertThat(new EmbeddedKafka(dataDir, 19_092).port()).isEqualTo(19_092);
    assertThat(new EmbeddedPostgresServer(dataDir, 15_432).port()).isEqualTo(15_432);
    assertThat(new EmbeddedMqttBroker(dataDir, 11_883).port()).isEqualTo(11_883);
  }

  @Test
  void shouldTreatStoppingAServerThatIsNotRunningAsDone() {
    EmbeddedServer[] servers = {
      new EmbeddedKafka(dataDir, 0),
      new EmbeddedPostgresServer(dataDir, 0),
      new EmbeddedMqttBroker(dataDir, 0)
    };
    for (EmbeddedServer server : servers) {
      server.stop();
      server.close();
      assertThat(server.isRunning()).as(server.name()).isFalse();
    }
  }

  @Test
  void shouldStartNothingWhenNoServerIsWanted() {
    try (DevStack stack = DevStack.start(new Options(dataDir, 0, 0, 0, false, false, false))) {
      assertThat(stack.kafkaBootstrap()).isEmpty();
      assertThat(stack.postgresJdbcUrl()).isEmpty();
      assertThat(stack.mqttUrl()).isEmpty();
      assertThat(stack.kafka()).isEmpty();
    }
  }
}
