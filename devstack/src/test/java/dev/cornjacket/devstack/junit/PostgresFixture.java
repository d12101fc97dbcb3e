package dev.cornjacket.devstack.junit;

import dev.cornjacket.devstack.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a test gets from {@link SharedPostgres}: the address of the PostgreSQL shared by the whole
 * test JVM, and fresh databases so tests do not see each other's tables.
 */
public final class PostgresFixture {

  private final EmbeddedPostgresServer server;
  private final AtomicInteger databases = new AtomicInteger();

  PostgresFixture(EmbeddedPostgresServer server) {
    this.server = server;
  }

  /** The JDBC URL of the shared server's {@code postgres} database. */
  public String jdbcUrl() {
    return server.jdbcUrl();
  }

  /** The user to connect as (no password). */
  public String user() {
    return server.user();
  }

  /**
   * Creates an empty database no other caller in this JVM gets and returns its JDBC URL (same
   * user). Needs the PostgreSQL JDBC driver on the test class path.
   */
  public String createDatabase() {
    String name = "t" + databases.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(jdbcUrl(), user(), "");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create database " + name, e);
    }
    return "jdbc:postgresql://localhost:" + server.port() + "/" + name;
  }
}
