package dev.cornjacket.devstack.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cornjacket.devstack.EmbeddedKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith({SharedKafka.class, SharedPostgres.class})
class SharedFixturesIT {

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldGiveEveryTestTheSameBrokerAndItsOwnTopics(KafkaFixture first, KafkaFixture second)
      throws Exception {
    assertThat(second).isSameAs(first);
    String prefix = first.uniquePrefix();
    assertThat(prefix).matches("t\\d+\\.");
    assertThat(second.uniquePrefix()).isNotEqualTo(prefix);

    first.createTopics(3, prefix + "events");

    try (Admin admin = admin(first.bootstrapServers())) {
      TopicDescription topic =
          admin
              .describeTopics(List.of(prefix + "events"))
              .allTopicNames()
              .get()
              .get(prefix + "events");
      assertThat(topic.partitions()).hasSize(3);
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldGiveATestADedicatedBrokerItCanRestart(KafkaFixture kafka, @TempDir Path dataDir)
      throws Exception {
    try (EmbeddedKafka broker = kafka.dedicatedBroker(dataDir)) {
      assertThat(broker.bootstrapServers()).isNotEqualTo(kafka.bootstrapServers());

      broker.stop();
      broker.start();

      try (Admin admin = admin(broker.bootstrapServers())) {
        assertThat(admin.describeCluster().nodes().get()).hasSize(1);
      }
    }
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldGiveEveryTestItsOwnDatabase(PostgresFixture postgres) throws Exception {
    String first = postgres.createDatabase();
    String second = postgres.createDatabase();

    assertThat(first).isNotEqualTo(second).startsWith("jdbc:postgresql://localhost:");
    try (Connection connection = DriverManager.getConnection(second, postgres.user(), "");
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("select current_database()")) {
      assertThat(result.next()).isTrue();
      assertThat(second).endsWith("/" + result.getString(1));
    }
  }

  private static Admin admin(String bootstrapServers) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }
}
