package dev.cornjacket.bench;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Gateways publishing generated sensor events at QoS 1, each to its device's topic, each with at
 * most {@value #WINDOW} publishes awaiting the broker's PUBACK. The same publishers drive both
 * sides of the MQTT benchmark.
 */
final class MqttPublishers implements AutoCloseable {

  /** Publishes awaiting the broker's PUBACK, per gateway. */
  static final int WINDOW = 100;

  /** One message: the topic it goes to and its payload. */
  record Message(String topic, byte[] payload) {}

  private final List<Mqtt5AsyncClient> clients = new ArrayList<>();
  private final List<Message> messages;
  private final AtomicLong failures = new AtomicLong();

  MqttPublishers(
      String host, int port, String user, byte[] password, int count, List<Message> messages)
      throws Exception {
    this.messages = messages;
    for (int c = 0; c < count; c++) {
      Mqtt5AsyncClient client =
          MqttClient.builder()
              .useMqttVersion5()
              .identifier("bench-gateway-" + c)
              .serverHost(host)
              .serverPort(port)
              .simpleAuth()
              .username(user)
              .password(password)
              .applySimpleAuth()
              .buildAsync();
      client.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
      clients.add(client);
    }
  }

  /** Sample messages of 1,000 devices, about 300 bytes each. */
  static List<Message> generate(int distinct) {
    EventGenerator generator = new EventGenerator(1_000);
    List<Message> result = new ArrayList<>(distinct);
    for (int i = 0; i < distinct; i++) {
      EventGenerator.DeviceEvent event = generator.deviceEvent();
      result.add(
          new Message(
              "cj/devices/" + event.deviceId() + "/events",
              event.json().getBytes(StandardCharsets.UTF_8)));
    }
    return result;
  }

  /**
   * Publishes {@code total} messages, spread over the gateways, keeping at most {@code backlog} not
   * yet {@code acknowledged} by the subscriber; returns once the broker has all.
   */
  void publish(long total, LongSupplier acknowledged, int backlog) throws Exception {
    Semaphore credits = new Semaphore(backlog);
    long[] seen = {acknowledged.getAsLong()};
    try (ScheduledExecutorService refill = Executors.newSingleThreadScheduledExecutor();
        ExecutorService gateways = Executors.newVirtualThreadPerTaskExecutor()) {
      refill.scheduleAtFixedRate(
          () -> {
            long now = acknowledged.getAsLong();
            credits.release((int) (now - seen[0]));
            seen[0] = now;
          },
          1,
          1,
          TimeUnit.MILLISECONDS);
      List<Future<?>> running = new ArrayList<>();
      for (int c = 0; c < clients.size(); c++) {
        Mqtt5AsyncClient client = clients.get(c);
        long share = total / clients.size() + (c < total % clients.size() ? 1 : 0);
        int offset = c;
        running.add(gateways.submit(() -> publishFrom(client, share, offset, credits)));
      }
      for (Future<?> gateway : running) {
        gateway.get();
      }
      refill.shutdownNow();
    }
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " publishes failed");
    }
  }

  private Void publishFrom(Mqtt5AsyncClient client, long count, int offset, Semaphore credits)
      throws InterruptedException {
    Semaphore window = new Semaphore(WINDOW);
    for (long i = 0; i < count; i++) {
      Message message = messages.get((int) ((i * clients.size() + offset) % messages.size()));
      credits.acquire();
      window.acquire();
      CompletableFuture<?> sent =
          client
              .publishWith()
              .topic(message.topic())
              .qos(MqttQos.AT_LEAST_ONCE)
              .payload(message.payload())
              .send();
      sent.whenComplete(
          (result, error) -> {
            if (error != null) {
              failures.incrementAndGet();
            }
            window.release();
          });
    }
    window.acquire(WINDOW); // every PUBACK is back
    return null;
  }

  @Override
  public void close() throws Exception {
    for (Mqtt5AsyncClient client : clients) {
      client.disconnect().get(10, TimeUnit.SECONDS);
    }
  }
}
