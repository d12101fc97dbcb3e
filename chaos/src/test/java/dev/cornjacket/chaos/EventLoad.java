package dev.cornjacket.chaos;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Device gateways at a steady rate: two thirds of the events as HTTP {@code POST /api/v1/events}
 * (one event per request, to a running instance picked at random), one third as MQTT QoS 1
 * publishes to {@code cj/devices/{id}/events}. Every event has its own id ({@code <prefix>h<n>} or
 * {@code <prefix>m<n>}); an id goes into the {@link Ledger} as acknowledged on a {@code 202} (after
 * the broker's acknowledgement) or a PUBACK. Nothing is retried: an attempt that was not
 * acknowledged may or may not be stored, but never twice.
 */
final class EventLoad implements AutoCloseable {

  private static final int HTTP_WORKERS = 4;
  private static final int DEVICES = 40;

  /**
   * Events after which every device of the load has had about 300 readings: past the detector's
   * warm-up and probation (200), with room for a few spikes.
   */
  static final int EVENTS_FOR_ANOMALIES = DEVICES * 300;

  private static final int SPIKING_DEVICES = DEVICES;
  private static final int SPIKE_ONE_IN = 50;
  private static final Map<String, AtomicInteger> SPIKES = new ConcurrentHashMap<>();

  private final String prefix;
  private final Ledger ledger;
  private final Supplier<List<AppInstance>> targets;
  private final int eventsPerSecond;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Mqtt5AsyncClient mqtt;
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong httpIds = new AtomicLong();
  private final AtomicLong mqttIds = new AtomicLong();
  private final Semaphore mqttInFlight = new Semaphore(500);

  EventLoad(
      ChaosStack stack,
      String prefix,
      Ledger ledger,
      Supplier<List<AppInstance>> targets,
      int eventsPerSecond)
      throws Exception {
    this.prefix = prefix;
    this.ledger = ledger;
    this.targets = targets;
    this.eventsPerSecond = eventsPerSecond;
    URI url = URI.create(stack.mqtt().url());
    this.mqtt =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier(prefix + "gateway")
            .serverHost(url.getHost())
            .serverPort(url.getPort())
            .automaticReconnectWithDefaultConfig()
            .buildAsync();
    mqtt.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
  }

  /** Starts sending, until {@link #stop()}. */
  EventLoad start() {
    int httpRate = Math.max(1, eventsPerSecond * 2 / 3);
    int mqttRate = Math.max(1, eventsPerSecond - httpRate);
    for (int i = 0; i < HTTP_WORKERS; i++) {
      workers.submit(() -> paced(Math.max(1, httpRate / HTTP_WORKERS), this::sendHttp));
    }
    workers.submit(() -> paced(mqttRate, this::publishMqtt));
    return this;
  }

  private void paced(int perSecond, Runnable send) {
    long intervalNanos = 1_000_000_000L / perSecond;
    long next = System.nanoTime();
    while (running.get()) {
      send.run();
      next += intervalNanos;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          TimeUnit.NANOSECONDS.sleep(wait);
        } catch (InterruptedException e) {
          return;
        }
      } else if (wait < -1_000_000_000L) {
        next = System.nanoTime(); // fell behind (a slow answer): do not burst to catch up
      }
    }
  }

  static String event(String eventId, String deviceId) {
    return "{\"event_id\":\""
        + eventId
        + "\",\"device_id\":\""
        + deviceId
        + "\",\"type\":\"sensor\",\"ts\":"
        + System.currentTimeMillis()
        + ",\"metrics\":{\"temperature\":"
        + temperature(deviceId)
        + "}}";
  }

  /**
   * 20 to 24 degrees; each of the load's {@value #SPIKING_DEVICES} devices spikes in one reading of
   * {@value #SPIKE_ONE_IN}, so that the run scores anomalies and raises alerts. Each spike of a
   * device is twice its previous one (100, 200, 400, ...): beyond anything the device's model has
   * seen, so every spike after the detector's warm-up and probation is an anomaly, however many
   * came before (a repeat of the same height would have been learnt).
   */
  private static long temperature(String deviceId) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (isSpiking(deviceId) && random.nextInt(SPIKE_ONE_IN) == 0) {
      int spike = SPIKES.computeIfAbsent(deviceId, d -> new AtomicInteger()).getAndIncrement();
      return 100L << Math.min(spike, 40);
    }
    return 20 + random.nextInt(5);
  }

  /** The load's own devices; the other tests' devices never spike. */
  private static boolean isSpiking(String deviceId) {
    for (int i = 0; i < SPIKING_DEVICES; i++) {
      if (deviceId.equals("dev-" + i)) {
        return true;
      }
    }
    return false;
  }

  private static String device() {
    return "dev-" + ThreadLocalRandom.current().nextInt(DEVICES);
  }

  private void sendHttp() {
    List<AppInstance> live = targets.get().stream().filter(AppInstance::isServing).toList();
    if (live.isEmpty()) {
      return;
    }
    AppInstance target = live.get(ThreadLocalRandom.current().nextInt(live.size()));
    String id = prefix + "h" + httpIds.incrementAndGet();
    HttpRequest request =
        HttpRequest.newBuilder(target.uri("/api/v1/events"))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(event(id, device())))
            .build();
    ledger.sent();
    long started = System.nanoTime();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      ledger.outcome("http " + response.statusCode());
      if (response.statusCode() == 202) {
        if (!response.body().contains(id)) {
          throw new IllegalStateException("202 without the event id: " + response.body());
        }
        ledger.acknowledged(id);
        ledger.httpAccepted(started, System.nanoTime());
      }
    } catch (IOException e) {
      ledger.outcome("http connection failed");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void publishMqtt() {
    String device = device();
    String id = prefix + "m" + mqttIds.incrementAndGet();
    try {
      if (!mqttInFlight.tryAcquire(5, TimeUnit.SECONDS)) {
        ledger.outcome("mqtt backlog full");
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    ledger.sent();
    mqtt.publishWith()
        .topic("cj/devices/" + device + "/events")
        .qos(MqttQos.AT_LEAST_ONCE)
        .payload(event(id, device).getBytes(UTF_8))
        .send()
        .whenComplete(
            (result, failure) -> {
              mqttInFlight.release();
              if (failure == null && result.getError().isEmpty()) {
                if (noSubscribers(result)) {
                  // the broker took it and had nobody to give it to: not acknowledged
                  ledger.outcome("mqtt puback: no matching subscribers");
                } else {
                  ledger.outcome("mqtt puback");
                  ledger.acknowledged(id);
                }
              } else {
                ledger.outcome("mqtt error");
              }
            });
  }

  /**
   * A PUBACK with reason code 0x10: the MQTT broker had no subscriber for the message (no bridge
   * subscribed at that moment) and dropped it. MQTT 5 tells the publisher so; a gateway must not
   * count such a message as delivered.
   */
  static boolean noSubscribers(Mqtt5PublishResult result) {
    return result instanceof Mqtt5PublishResult.Mqtt5Qos1Result qos1
        && qos1.getPubAck().getReasonCode() == Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS;
  }

  /** Stops sending and waits for the attempts under way to end. */
  void stop() throws InterruptedException {
    running.set(false);
    workers.shutdown();
    workers.awaitTermination(60, TimeUnit.SECONDS);
    mqttInFlight.acquire(500); // every publish answered (PUBACK or error)
    mqttInFlight.release(500);
  }

  @Override
  public void close() throws Exception {
    stop();
    mqtt.disconnect().get(10, TimeUnit.SECONDS);
  }
}
