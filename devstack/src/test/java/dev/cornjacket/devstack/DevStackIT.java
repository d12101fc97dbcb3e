package dev.cornjacket.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.devstack.DevStack.Options;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class DevStackIT {

  @TempDir Path parent;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void shouldStartAllServersAndFindTheirDataAgainAfterARestart() throws Exception {
    Path dataDir = parent.resolve("dev");
    Options options = new Options(dataDir, 0, 0, 0, true, true, true);

    try (DevStack stack = DevStack.start(options)) {
      String jdbcUrl = stack.postgresJdbcUrl().orElseThrow();
      assertThat(queryInt(jdbcUrl, "select 1")).isEqualTo(1);
      assertThat(queryString(jdbcUrl, "show synchronous_commit")).isEqualTo("on");
      execute(jdbcUrl, "create table devices (id text primary key)");
      execute(jdbcUrl, "insert into devices values ('sensor-1')");

      assertThat(MqttProbe.connect(stack.mqtt().orElseThrow().port(), "probe")).isZero();

      try (Admin admin = KafkaClients.admin(stack.kafkaBootstrap().orElseThrow())) {
        assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        admin.createTopics(List.of(new NewTopic("cj.events.raw", 1, (short) 1))).all().get();
      }
    }
    // nothing beside the servers' folders, or `cornjacket dev --fresh` would refuse to wipe
    assertThat(namesIn(dataDir)).isEqualTo(Set.of("kafka", "postgres", "mqtt"));

    try (DevStack restarted = DevStack.start(options)) {
      String jdbcUrl = restarted.postgresJdbcUrl().orElseThrow();
      assertThat(queryInt(jdbcUrl, "select count(*) from devices where id = 'sensor-1'"))
          .isEqualTo(1);
      try (Admin admin = KafkaClients.admin(restarted.kafkaBootstrap().orElseThrow())) {
        assertThat(admin.listTopics().names().get()).contains("cj.events.raw");
      }
      assertThat(MqttProbe.connect(restarted.mqtt().orElseThrow().port(), "probe")).isZero();
    }

    DevStack.wipe(dataDir);
    assertThat(dataDir).doesNotExist();
  }

  @Test
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void shouldNameTheFailingServerAndStopTheOthers() throws Exception {
    Path dataDir = parent.resolve("dev");
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int takenPort = squatter.getLocalPort();
      int kafkaPort = freePort();
      int mqttPort = freePort();

      assertThatThrownBy(
              () ->
                  DevStack.start(
                      new Options(dataDir, kafkaPort, takenPort, mqttPort, true, true, true)))
          .isInstanceOf(EmbeddedServerException.class)
          .hasMessageStartingWith(
              "PostgreSQL failed to start on port "
                  + takenPort
                  + ": port "
                  + takenPort
                  + " is already in use");

      assertNothingListensOn(kafkaPort);
      assertNothingListensOn(mqttPort);
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void shouldRefuseToWipeADirectoryThatIsNotADevStack() throws IOException {
    Path home = Files.createDirectories(parent.resolve("home"));
    Files.writeString(home.resolve("notes.txt"), "keep me");

    assertThatThrownBy(() -> DevStack.wipe(home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Refusing to wipe "
                + home
                + ": it contains [notes.txt], but a dev stack data directory holds only the"
                + " subdirectories [kafka, mqtt, postgres, streams]");
    assertThat(home.resolve("notes.txt")).exists();
  }

  private static int queryInt(String jdbcUrl, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      return result.getInt(1);
    }
  }

  private static String queryString(String jdbcUrl, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      return result.getString(1);
    }
  }

  private static void execute(String jdbcUrl, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return socket.getLocalPort();
    }
  }

  private static void assertNothingListensOn(int port) {
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket()) {
                socket.connect(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
              }
            })
        .as("a server still listens on port %d", port)
        .isInstanceOf(ConnectException.class);
  }

  private static Set<String> namesIn(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(path -> path.getFileName().toString()).collect(Collectors.toSet());
    }
  }
}
