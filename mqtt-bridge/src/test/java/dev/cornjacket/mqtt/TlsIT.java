package dev.cornjacket.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hivemq.embedded.EmbeddedHiveMQ;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge over TLS ({@code ssl://}), against HiveMQ with a TLS listener and a self-signed
 * certificate made by {@code keytool}: trusted through the configured trust store, refused without
 * it.
 */
@ExtendWith(SharedKafka.class)
@Timeout(120)
class TlsIT {

  private static final String STORE_PASSWORD = "changeit";

  @Test
  void shouldConnectOverTlsWithTheConfiguredTrustStoreOnly(KafkaFixture kafka, @TempDir Path dir)
      throws Exception {
    Path keyStore = dir.resolve("broker.p12");
    Path trustStore = dir.resolve("trust.p12");
    makeCertificates(keyStore, trustStore);
    int port = freePort();
    String unique = "tls-" + BridgeConfigs.RUN + "-";
    EmbeddedHiveMQ hiveMq = startTlsBroker(dir, keyStore, port);
    try {
      TestBroker trusted =
          new TestBroker(
              "HiveMQ over TLS",
              "ssl://localhost:" + port,
              Optional.empty(),
              Optional.empty(),
              "mqtt5",
              100_000,
              Optional.of(trustStore),
              Optional.of(STORE_PASSWORD));
      var topics = MqttBridgeIT.topics(kafka);
      CornjacketConfig config =
          BridgeConfigs.config(
              trusted, kafka.bootstrapServers(), topics.prefix(), unique + "bridge", Map.of());
      try (MqttBridge bridge =
              MqttBridge.start(config.mqtt(), config.kafka(), topics, unique + "g");
          RawTopicWatcher raw =
              new RawTopicWatcher(kafka.bootstrapServers(), topics.raw().name())) {
        await().atMost(Duration.ofSeconds(30)).until(bridge::connected);
        Set<String> expected =
            MqttBridgeIT.publishFromClients(
                trusted, unique, 2, 50, () -> bridge.stats().acknowledged());
        raw.awaitEventIds(expected, Duration.ofSeconds(30));
      }

      CornjacketConfig untrusting =
          BridgeConfigs.config(
              trusted,
              kafka.bootstrapServers(),
              topics.prefix(),
              unique + "untrusting",
              Map.of("CORNJACKET_MQTT_TRUST_STORE", ""));
      assertThat(untrusting.mqtt().trustStore()).isEmpty();
      try (MqttBridge bridge =
          MqttBridge.start(untrusting.mqtt(), untrusting.kafka(), topics, unique + "g")) {
        // the JVM's trust store does not know the self-signed certificate: no connection
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(5))
            .until(() -> !bridge.connected());
        assertThat(bridge.stats().connections()).isZero();
      }
    } finally {
      hiveMq.close();
    }
  }

  private static void makeCertificates(Path keyStore, Path trustStore) throws Exception {
    Path certificate = keyStore.resolveSibling("broker.cer");
    keytool(
        "-genkeypair",
        "-alias",
        "broker",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=dns:localhost,ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keyStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD,
        "-keypass",
        STORE_PASSWORD);
    keytool(
        "-exportcert",
        "-alias",
        "broker",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        STORE_PASSWORD,
        "-file",
        certificate.toString());
    keytool(
        "-importcert",
        "-noprompt",
        "-alias",
        "broker",
        "-file",
        certificate.toString(),
        "-keystore",
        trustStore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        STORE_PASSWORD);
  }

  private static void keytool(String... arguments) throws Exception {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  private static EmbeddedHiveMQ startTlsBroker(Path dir, Path keyStore, int port) throws Exception {
    Path conf = Files.createDirectories(dir.resolve("conf"));
    Files.writeString(
        conf.resolve("config.xml"),
        """
        <?xml version="1.0"?>
        <hivemq>
            <listeners>
                <tls-tcp-listener>
                    <port>%d</port>
                    <bind-address>127.0.0.1</bind-address>
                    <tls>
                        <keystore>
                            <path>%s</path>
                            <password>%s</password>
                            <private-key-password>%s</private-key-password>
                        </keystore>
                    </tls>
                </tls-tcp-listener>
            </listeners>
            <persistence>
                <mode>in-memory</mode>
            </persistence>
            <anonymous-usage-statistics>
                <enabled>false</enabled>
            </anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port, keyStore, STORE_PASSWORD, STORE_PASSWORD));
    EmbeddedHiveMQ hiveMq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(Files.createDirectories(dir.resolve("data")))
            .withExtensionsFolder(Files.createDirectories(dir.resolve("extensions")))
            .withoutLoggingBootstrap()
            .build();
    hiveMq.start().get(60, TimeUnit.SECONDS);
    return hiveMq;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
