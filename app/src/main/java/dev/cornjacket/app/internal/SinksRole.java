package dev.cornjacket.app.internal;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.http.Health;
import dev.cornjacket.http.HealthCheck;
import dev.cornjacket.sinks.DatabaseStatus;
import dev.cornjacket.sinks.PostgresSink;
import dev.cornjacket.sinks.PostgresStore;
import dev.cornjacket.sinks.SinkOptions;
import dev.cornjacket.sinks.SinkStatus;
import dev.cornjacket.sinks.StoredEvents;
import dev.cornjacket.topology.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The sinks role: migrates the database, keeps its daily partitions and retention, and runs the
 * Postgres sink; {@link #health()} reports PostgreSQL and the sink as {@code postgres}.
 */
public final class SinksRole implements AutoCloseable {

  private final PostgresStore store;
  private final PostgresSink sink;

  private SinksRole(PostgresStore store, PostgresSink sink) {
    this.store = store;
    this.sink = sink;
  }

  /**
   * Opens the database (migrating it, or refusing a newer schema) and starts the sink.
   *
   * @throws IllegalStateException with a message for the user when PostgreSQL is not set,
   *     unreachable or newer than this version
   */
  public static SinksRole start(CornjacketConfig config, Topics topics, MeterRegistry registry) {
    String bootstrap =
        config
            .kafka()
            .bootstrap()
            .orElseThrow(() -> new IllegalArgumentException("kafka.bootstrap is unset"));
    PostgresStore store = PostgresStore.open(config.postgres());
    try {
      if (store.dataSource() instanceof HikariDataSource pool) {
        pool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry)); // hikaricp.*
      }
      store.startMaintenance(PostgresStore.MAINTENANCE_INTERVAL);
      SinkOptions options =
          SinkOptions.of(bootstrap, topics, groupId(config), config.postgres().batchSize());
      if (config.streams().instanceId().isPresent()) {
        options =
            options.withStaticMembership(
                config.streams().instanceId().get() + "-sink", config.streams().sessionTimeout());
      }
      return new SinksRole(store, PostgresSink.start(options, store.dataSource(), registry));
    } catch (RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /** The sink's consumer group, also the key of its rows in {@code sink_offsets}. */
  static String groupId(CornjacketConfig config) {
    return config.streams().applicationId() + "-postgres-sink";
  }

  /** Reads of stored events, for the HTTP API. */
  public StoredEvents storedEvents() {
    return store.storedEvents();
  }

  /** Ready while PostgreSQL answers and the sink is not retrying or failed. */
  public HealthCheck health() {
    return new HealthCheck() {
      @Override
      public String name() {
        return "postgres";
      }

      @Override
      public Health check() {
        DatabaseStatus database = store.probe();
        SinkStatus status = sink.status();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("url", store.displayUrl());
        details.put("schema_version", store.schemaVersion());
        details.put("database", database.detail());
        details.put("sink", status.state().name());
        if (status.attempt() > 0) {
          details.put("attempt", status.attempt());
        }
        if (!status.detail().isEmpty()) {
          details.put("error", status.detail());
        }
        return new Health(database.reachable() && status.healthy(), details);
      }
    };
  }

  /** Stops the sink (its batch commits or rolls back whole), then the maintenance and the pool. */
  @Override
  public void close() {
    try {
      sink.close();
    } finally {
      store.close();
    }
  }
}
