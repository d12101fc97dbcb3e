package dev.cornjacket.http.internal;

import dev.cornjacket.http.Health;
import dev.cornjacket.http.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * The broker is reachable and every topic Cornjacket needs exists. The answer is cached briefly so
 * that a probe storm does not become an admin-request storm.
 */
public final class KafkaHealthCheck implements HealthCheck, AutoCloseable {

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration CACHE_FOR = Duration.ofSeconds(1);

  private final Admin admin;
  private final String bootstrap;
  private final List<String> requiredTopics;
  private final Clock clock;
  private Health cached;
  private Instant cachedAt = Instant.MIN;

  public KafkaHealthCheck(String bootstrap, List<String> requiredTopics, Clock clock) {
    this.bootstrap = bootstrap;
    this.requiredTopics = List.copyOf(requiredTopics);
    this.clock = clock;
    this.admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.CLIENT_ID_CONFIG,
                "cornjacket-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                (int) TIMEOUT.toMillis()));
  }

  @Override
  public String name() {
    return "kafka";
  }

  @Override
  public synchronized Health check() {
    Instant now = clock.instant();
    if (cached == null || now.isAfter(cachedAt.plus(CACHE_FOR))) {
      cached = probe();
      cachedAt = now;
    }
    return cached;
  }

  private Health probe() {
    try {
      Set<String> existing =
          admin
              .listTopics(new ListTopicsOptions().timeoutMs((int) TIMEOUT.toMillis()))
              .names()
              .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      List<String> missing = new ArrayList<>(requiredTopics);
      missing.removeAll(existing);
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("bootstrap", bootstrap);
      if (!missing.isEmpty()) {
        details.put("error", "topics missing: " + String.join(", ", missing));
        return new Health(false, details);
      }
      details.put("topics", requiredTopics.size());
      return Health.up(details);
    } catch (TimeoutException e) {
      return Health.down(
          "broker " + bootstrap + " did not answer within " + TIMEOUT.toMillis() + " ms");
    } catch (ExecutionException e) {
      return Health.down("broker " + bootstrap + ": " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Health.down("interrupted");
    }
  }

  @Override
  public void close() {
    admin.close(TIMEOUT);
  }
}
