package dev.cornjacket.sinks.webhook.internal;

import dev.cornjacket.sinks.webhook.WebhookDelivery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import javax.sql.DataSource;

/** Writes delivery attempts to {@code webhook_deliveries}. */
public final class DeliveryLog {

  private static final String INSERT =
      "INSERT INTO webhook_deliveries (alert_id, endpoint, attempt, status, http_status,"
          + " latency_ms, error, attempted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final DataSource dataSource;

  public DeliveryLog(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Inserts the row; an SQL failure is rethrown naming the table. */
  public void record(WebhookDelivery d) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      insert.setString(1, d.alertId());
      insert.setString(2, d.endpoint());
      insert.setInt(3, d.attempt());
      insert.setString(4, d.status());
      if (d.httpStatus() == null) {
        insert.setNull(5, Types.INTEGER);
      } else {
        insert.setInt(5, d.httpStatus());
      }
      if (d.latencyMs() == null) {
        insert.setNull(6, Types.BIGINT);
      } else {
        insert.setLong(6, d.latencyMs());
      }
      insert.setString(7, d.error());
      insert.setTimestamp(8, Timestamp.from(d.attemptedAt()));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot insert into webhook_deliveries: " + e.getMessage(), e);
    }
  }
}
