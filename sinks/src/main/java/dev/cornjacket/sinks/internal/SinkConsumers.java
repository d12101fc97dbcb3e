package dev.cornjacket.sinks.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Makes the sink's Kafka consumers: the first one, and a new one each time {@link SinkWorker}
 * replaces a consumer that failed. Each comes with its {@code kafka.consumer.*} meters (among them
 * {@code records-lag}, the sink's lag); the replaced consumer's meters go with it.
 */
public final class SinkConsumers implements Supplier<Consumer<String, byte[]>>, AutoCloseable {

  private final Map<String, Object> config;
  private final Function<Map<String, Object>, Consumer<String, byte[]>> factory;
  private final MeterRegistry registry;
  private KafkaClientMetrics meters;

  public SinkConsumers(
      Map<String, Object> config,
      Function<Map<String, Object>, Consumer<String, byte[]>> factory,
      MeterRegistry registry) {
    this.config = Map.copyOf(config);
    this.factory = factory;
    this.registry = registry;
  }

  @Override
  public synchronized Consumer<String, byte[]> get() {
    closeMeters();
    Consumer<String, byte[]> consumer = factory.apply(config);
    meters = new KafkaClientMetrics(consumer);
    meters.bindTo(registry);
    return consumer;
  }

  @Override
  public synchronized void close() {
    closeMeters();
  }

  private void closeMeters() {
    if (meters != null) {
      meters.close();
      meters = null;
    }
  }
}
