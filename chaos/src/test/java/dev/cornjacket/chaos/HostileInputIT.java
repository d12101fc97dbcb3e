package dev.cornjacket.chaos;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import dev.cornjacket.devstack.junit.TopicReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input at a running instance (a process of its own): generated bodies at {@code POST
 * /api/v1/events} and at the MQTT device topics, then slow clients and a connection flood on the
 * HTTP port. Nothing may answer 5xx or crash the process; every HTTP rejection is a 4xx with a JSON
 * error, every MQTT rejection a dead letter with a reason; valid traffic is served afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class HostileInputIT {

  private static final int HTTP_BODIES = Integer.getInteger("cornjacket.chaos.fuzz.http", 100_000);
  private static final int MQTT_BODIES = Integer.getInteger("cornjacket.chaos.fuzz.mqtt", 10_000);
  private static final long SEED = Long.getLong("cornjacket.chaos.fuzz.seed", System.nanoTime());
  private static final long MAX_BODY = 4L * 1024 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChaosStack stack;
  private AppInstance instance;
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeAll
  void startStack() throws Exception {
    stack = ChaosStack.start("hostile");
    instance = stack.instance("a").start();
    instance.awaitReady(Duration.ofSeconds(120));
    System.out.println("CHAOS hostile input seed " + SEED + " (-Dcornjacket.chaos.fuzz.seed)");
  }

  @AfterAll
  void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void shouldAnswerEveryHostileBodyWithA4xxJsonErrorOrAccept() throws Exception {
    HostileBodies bodies = new HostileBodies(SEED, MAX_BODY);
    Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
    Queue<String> violations = new ConcurrentLinkedQueue<>();
    AtomicLong violationCount = new AtomicLong();
    Semaphore concurrency = new Semaphore(16);
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < HTTP_BODIES; i++) {
        HostileBodies.Body body;
        synchronized (bodies) {
          body = bodies.next();
        }
        concurrency.acquire();
        pool.submit(
            () -> {
              try {
                String outcome = send(body);
                outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                if (outcome.startsWith("VIOLATION")) {
                  violationCount.incrementAndGet();
                  if (violations.size() < 20) {
                    violations.add(outcome + " for " + body.kind() + " " + preview(body.bytes()));
                  }
                }
              } finally {
                concurrency.release();
              }
            });
      }
    }
    long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
    Map<String, Long> counts = new java.util.TreeMap<>();
    outcomes.forEach((k, v) -> counts.put(k, v.sum()));
    System.out.println(
        "CHAOS hostile HTTP bodies: "
            + HTTP_BODIES
            + " in "
            + seconds
            + " s, violations "
            + violationCount
            + "; outcomes "
            + counts);
    violations.forEach(v -> System.out.println("CHAOS violation: " + v));
    assertThat(violations).as("5xx, non-JSON errors or dropped connections").isEmpty();
    assertThat(instance.isAlive()).as("the instance survived").isTrue();
    assertValidTrafficServed("after-http-fuzz-");
  }

  @Test
  @Order(2)
  void shouldDeadLetterEveryHostileMqttPayloadWithAReason() throws Exception {
    HostileBodies bodies = new HostileBodies(SEED + 1, 300 * 1024);
    long acknowledgedBefore = Readiness.of(instance).detail("mqtt", "acknowledged");
    URI url = URI.create(stack.mqtt().url());
    Mqtt5AsyncClient client =
        MqttClient.builder()
            .useMqttVersion5()
            .identifier("hostile-gateway")
            .serverHost(url.getHost())
            .serverPort(url.getPort())
            .buildAsync();
    client.connectWith().cleanStart(true).send().get(30, TimeUnit.SECONDS);
    Semaphore inFlight = new Semaphore(200);
    LongAdder pubacks = new LongAdder();
    LongAdder refused = new LongAdder();
    String[] devices = {
      "fz-dev-1", "fz-dev-2", "other device", "x".repeat(200), "ünï", "a:b.c-d_e"
    };
    for (int i = 0; i < MQTT_BODIES; i++) {
      HostileBodies.Body body = bodies.next();
      inFlight.acquire();
      client
          .publishWith()
          .topic("cj/devices/" + devices[i % devices.length] + "/events")
          .qos(MqttQos.AT_LEAST_ONCE)
          .payload(body.bytes())
          .send()
          .whenComplete(
              (result, failure) -> {
                inFlight.release();
                if (failure == null
                    && result.getError().isEmpty()
                    && !EventLoad.noSubscribers(result)) {
                  pubacks.increment();
                } else {
                  refused.increment();
                }
              });
    }
    inFlight.acquire(200);
    client.disconnect().get(10, TimeUnit.SECONDS);
    long delivered = pubacks.sum();
    // the bridge acknowledges a message only once Kafka has it: in the raw topic or dead-lettered
    await()
        .atMost(Duration.ofSeconds(180))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                Readiness.of(instance).detail("mqtt", "acknowledged") - acknowledgedBefore
                    >= delivered);
    // every dead letter committed so far (reading until the first records arrived counted only
    // the first poll's worth: 517 of the long run's 50,000 payloads)
    List<ConsumerRecord<String, byte[]>> deadLetters =
        TopicReader.readToEnd(
            stack.kafka().bootstrapServers(), "cj.events.dlq", Duration.ofSeconds(60));
    Map<String, Long> reasons = new java.util.TreeMap<>();
    long withoutReason = 0;
    for (ConsumerRecord<String, byte[]> record : deadLetters) {
      Header reason = record.headers().lastHeader("cj.dlq.reason");
      Header stage = record.headers().lastHeader("cj.dlq.stage");
      if (reason == null || reason.value().length == 0) {
        withoutReason++;
        continue;
      }
      String key =
          (stage == null ? "?" : new String(stage.value(), UTF_8))
              + "/"
              + new String(reason.value(), UTF_8);
      reasons.merge(key, 1L, Long::sum);
    }
    System.out.println(
        "CHAOS hostile MQTT payloads: published "
            + MQTT_BODIES
            + ", broker PUBACKs "
            + delivered
            + ", refused by the broker "
            + refused.sum()
            + ", acknowledged by the bridge "
            + (Readiness.of(instance).detail("mqtt", "acknowledged") - acknowledgedBefore)
            + ", dead letters "
            + deadLetters.size()
            + " by stage/reason "
            + reasons
            + ", without a reason "
            + withoutReason);
    assertThat(withoutReason).as("dead letters without a reason").isZero();
    assertThat(deadLetters).as("hostile payloads were dead-lettered").isNotEmpty();
    assertThat(instance.isAlive()).as("the instance survived").isTrue();
    assertValidTrafficServed("after-mqtt-fuzz-");
  }

  @Test
  @Order(3)
  void shouldStayResponsiveUnderSlowClientsAndAConnectionFlood() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    ExecutorService trickle = Executors.newVirtualThreadPerTaskExecutor();
    LongAdder slowAnswered = new LongAdder();
    Map<String, LongAdder> slowOutcomes = new ConcurrentHashMap<>();
    try {
      // 1,000 connections that never send anything
      for (int i = 0; i < 1_000; i++) {
        sockets.add(new Socket("127.0.0.1", instance.port()));
      }
      // 150 clients sending their headers a byte at a time, 300 sending their body that way
      for (int i = 0; i < 450; i++) {
        boolean slowHeaders = i < 150;
        trickle.submit(() -> trickleRequest(slowHeaders, slowOutcomes, slowAnswered));
      }
      // meanwhile, a well-behaved client is served promptly
      long worstMillis = 0;
      for (int i = 0; i < 40; i++) {
        long start = System.nanoTime();
        String id = "responsive-" + i;
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(instance.uri("/api/v1/events"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(EventLoad.event(id, "dev-r")))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        worstMillis = Math.max(worstMillis, (System.nanoTime() - start) / 1_000_000);
        await().pollDelay(Duration.ofMillis(250)).atMost(Duration.ofSeconds(1)).until(() -> true);
      }
      System.out.println(
          "CHAOS slow clients and flood: 1000 idle connections, 150 slow headers, 300 slow bodies;"
              + " slowest of 40 requests of a well-behaved client "
              + worstMillis
              + " ms");
      assertThat(worstMillis).as("slowest answer to a well-behaved client (ms)").isLessThan(5_000);
    } finally {
      trickle.shutdownNow();
      for (Socket socket : sockets) {
        socket.close();
      }
    }
    System.out.println("CHAOS slow clients' outcomes so far: " + slowOutcomes);
    assertThat(slowOutcomes.keySet()).noneMatch(k -> k.startsWith("5"));
    assertThat(instance.isAlive()).isTrue();
  }

  /** Sends a request a byte every 200 ms; records the status line if an answer comes. */
  private void trickleRequest(
      boolean slowHeaders, Map<String, LongAdder> outcomes, LongAdder answered) {
    String body = EventLoad.event("slow-" + System.nanoTime(), "dev-s");
    String head =
        "POST /api/v1/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: "
            + body.getBytes(UTF_8).length
            + "\r\n\r\n";
    try (Socket socket = new Socket("127.0.0.1", instance.port())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      byte[] slow = (slowHeaders ? head + body : body).getBytes(UTF_8);
      if (!slowHeaders) {
        out.write(head.getBytes(UTF_8));
        out.flush();
      }
      for (byte b : slow) {
        out.write(b);
        out.flush();
        Thread.sleep(200); // the point of this client: it is slow
      }
      byte[] answer = socket.getInputStream().readNBytes(12);
      String status = new String(answer, UTF_8).replace("HTTP/1.1 ", "");
      outcomes
          .computeIfAbsent(status.isBlank() ? "closed" : status, k -> new LongAdder())
          .increment();
      answered.increment();
    } catch (IOException e) {
      outcomes.computeIfAbsent("closed by the server", k -> new LongAdder()).increment();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String send(HostileBodies.Body body) {
    HttpRequest request =
        HttpRequest.newBuilder(instance.uri("/api/v1/events"))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", body.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.bytes()))
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status >= 200 && status < 300) {
        return Integer.toString(status);
      }
      if (status >= 400 && status < 500) {
        try {
          JsonNode error = JSON.readTree(response.body());
          if (error.path("error").isTextual() && error.path("message").isTextual()) {
            return status + " " + error.path("error").asText();
          }
        } catch (IOException e) {
          // not JSON: a violation, below
        }
        return "VIOLATION "
            + status
            + " without a JSON error: "
            + preview(response.body().getBytes(UTF_8));
      }
      return "VIOLATION " + status + ": " + preview(response.body().getBytes(UTF_8));
    } catch (IOException e) {
      if (body.kind().equals("oversized")) {
        return "oversized: connection closed by the server";
      }
      return "VIOLATION no answer: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private void assertValidTrafficServed(String prefix) throws Exception {
    Ledger ledger = new Ledger();
    try (EventLoad load = new EventLoad(stack, prefix, ledger, () -> List.of(instance), 100)) {
      load.start();
      Chaos.awaitAcknowledged(ledger, 150);
      load.stop();
    }
    StoredEvents stored =
        StoredEvents.awaitAll(stack, prefix, ledger.acknowledgedIds(), Chaos.CATCH_UP);
    Counts counts = Counts.of("valid traffic " + prefix, ledger, stored, "").print();
    assertThat(counts.missing()).isZero();
    assertThat(counts.duplicates()).isZero();
    assertThat(ledger.outcomeCount("http 202")).isPositive();
  }

  private static String preview(byte[] bytes) {
    String s = new String(bytes, 0, Math.min(bytes.length, 160), UTF_8);
    return s.replaceAll("\\p{Cntrl}", "?")
        + (bytes.length > 160 ? "... (" + bytes.length + " bytes)" : "");
  }
}
