package dev.cornjacket.sinks;

import dev.cornjacket.config.PostgresSettings;
import dev.cornjacket.devstack.junit.PostgresFixture;
import dev.cornjacket.topology.Event;
import dev.cornjacket.topology.EventSerde;
import dev.cornjacket.topology.EventType;
import dev.cornjacket.topology.Topic;
import dev.cornjacket.topology.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.slf4j.LoggerFactory;

/** What the sink's tests share: settings, events, topics, producers and counting queries. */
final class SinkTesting {

  private SinkTesting() {}

  /**
   * Another PostgreSQL to run the tests on, e.g. {@code
   * -Dcornjacket.test.postgres=jdbc:postgresql://127.0.0.1:5432/postgres} for a system PostgreSQL
   * 15 (user {@code postgres}, no password); unset means the embedded one of {@link
   * dev.cornjacket.devstack.junit.SharedPostgres}.
   */
  private static final String OTHER_SERVER = System.getProperty("cornjacket.test.postgres");

  private static final List<String> OTHER_DATABASES = new ArrayList<>();

  /** A fresh, empty database: on the embedded PostgreSQL, or on the one named above. */
  static String createDatabase(PostgresFixture embedded) {
    if (OTHER_SERVER == null || OTHER_SERVER.isBlank()) {
      return embedded.createDatabase();
    }
    synchronized (OTHER_DATABASES) {
      if (OTHER_DATABASES.isEmpty()) {
        Runtime.getRuntime()
            .addShutdownHook(new Thread(SinkTesting::dropOtherDatabases, "drop-test-databases"));
      }
      String name = "cornjacket_it_" + ProcessHandle.current().pid() + "_" + OTHER_DATABASES.size();
      execute(OTHER_SERVER, "CREATE DATABASE " + name);
      OTHER_DATABASES.add(name);
      LoggerFactory.getLogger(SinkTesting.class).info("Test database {} on {}", name, OTHER_SERVER);
      return OTHER_SERVER.substring(0, OTHER_SERVER.lastIndexOf('/') + 1) + name;
    }
  }

  /** Leaves the other server as it was. */
  private static void dropOtherDatabases() {
    synchronized (OTHER_DATABASES) {
      for (String name : OTHER_DATABASES) {
        execute(OTHER_SERVER, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      }
    }
  }

  static PostgresSettings settings(String jdbcUrl) {
    return new PostgresSettings(
        Optional.of(jdbcUrl), "postgres", Optional.empty(), 4, 5000, Duration.ofDays(7), 3);
  }

  /** A sensor event with ingest information. */
  static Event event(String eventId, String deviceId, Instant ts) {
    return event(eventId, deviceId, ts, EventType.SENSOR);
  }

  /** An event of {@code type} with ingest information. */
  static Event event(String eventId, String deviceId, Instant ts, EventType type) {
    return new Event(
        eventId,
        deviceId,
        type,
        ts,
        Map.of("temperature", 21.5, "humidity", 40.0),
        Map.of("firmware", "1.4.2"),
        Map.of(),
        new Event.Ingest(ts.plusMillis(5), "http", "anonymous"));
  }

  static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS);
  }

  static byte[] json(Event event) {
    return EventSerde.write(event);
  }

  /** Creates every topic of the registry with {@code partitions} partitions. */
  static void createTopics(String bootstrap, Topics topics, int partitions) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> all = new ArrayList<>();
      for (Topic<?, ?> topic : topics.all()) {
        all.add(new NewTopic(topic.name(), partitions, (short) 1));
      }
      admin.createTopics(all).all().get();
      // KAFKA-15591: a produce that meets a partition its leader has not set up yet can be
      // overtaken by the next one and lost; wait until every partition answers ListOffsets,
      // which only the leader's replica manager does
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (NewTopic topic : all) {
        for (int p = 0; p < partitions; p++) {
          latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
        }
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> admin.listOffsets(latest).all().get().size() == latest.size());
    }
  }

  static KafkaProducer<String, byte[]> producer(String bootstrap) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5,
            // KAFKA-15591 again: no request may overtake a retried one
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION,
            1),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  static KafkaProducer<String, byte[]> transactionalProducer(String bootstrap, String id) {
    return new KafkaProducer<>(
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap,
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            id,
            ProducerConfig.LINGER_MS_CONFIG,
            5),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  static Connection connect(String jdbcUrl) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", "postgres");
    return DriverManager.getConnection(jdbcUrl, props);
  }

  static long count(String jdbcUrl, String sql) {
    try (Connection c = connect(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed", e);
    }
  }

  static List<String> strings(String jdbcUrl, String sql) {
    try (Connection c = connect(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (r.next()) {
        values.add(r.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed", e);
    }
  }

  static void execute(String jdbcUrl, String sql) {
    try (Connection c = connect(jdbcUrl);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql + " failed", e);
    }
  }
}
