package dev.cornjacket.app;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.devstack.junit.KafkaFixture;
import dev.cornjacket.devstack.junit.SharedKafka;
import dev.cornjacket.topology.Topics;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against a running platform (embedded Kafka, the ingest
 * and streams roles): the page loads, a device posted by the test shows up, its chart has points,
 * an injected anomaly is marked, dead letters, instances and the topology are drawn. The operator
 * API answers behind it are checked too. Leaves a screenshot in {@code target/dashboard.png}. Needs
 * Debian's {@code chromium} and {@code chromium-driver} (.ci/run installs them); without them it
 * fails saying so.
 */
@ExtendWith(SharedKafka.class)
@Timeout(180)
class DashboardBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String DEVICE = "boiler-7";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @Test
  void shouldShowAPostedDeviceItsChartAndAnAnomalyInTheBrowser(
      KafkaFixture kafka, @TempDir Path dataDir, @TempDir Path browserProfile) throws Exception {
    requireBrowser();
    String prefix = kafka.uniquePrefix();
    try (Platform platform = Platform.start(config(kafka, prefix, dataDir))) {
      URI base = URI.create("http://localhost:" + platform.httpPort());
      postReadingsWithASpike(base);
      sendUnreadableRawRecord(kafka, new Topics(prefix));
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> json(base, "/api/v1/devices/" + DEVICE + "/anomalies?from=" + hoursAgo(2)),
              body -> body.path("anomalies").findValuesAsText("value").contains("98.1"));

      checkOperatorApi(base, prefix);

      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(CHROMEDRIVER.toFile())
              .usingAnyFreePort()
              .build();
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--window-size=1400,1350",
          "--user-data-dir=" + browserProfile.toAbsolutePath());
      ChromeDriver browser = new ChromeDriver(service, options);
      try {
        browser.get(base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        assertThat(browser.getTitle()).isEqualTo("Cornjacket dashboard");
        wait.until(
            d -> !d.findElements(By.cssSelector("tr[data-device-id='" + DEVICE + "']")).isEmpty());
        wait.until(d -> d.findElements(By.cssSelector("#chart circle.point")).size() >= 10);
        // the chart starts on the metric of the device's last anomaly
        wait.until(
            d -> "temperature".equals(d.findElement(By.id("metric")).getDomProperty("value")));
        wait.until(d -> !d.findElements(By.cssSelector("#chart circle.anomaly-marker")).isEmpty());
        wait.until(
            d ->
                !d.findElements(By.cssSelector("#anomalies li[data-device-id='" + DEVICE + "']"))
                    .isEmpty());
        wait.until(
            d ->
                !d.findElements(By.cssSelector("#dlq .bar[data-reason='invalid_json']")).isEmpty());
        wait.until(d -> !d.findElements(By.cssSelector("#instances tbody tr")).isEmpty());
        wait.until(d -> d.findElements(By.cssSelector("#topology g.node")).size() > 10);

        assertThat(
                browser
                    .findElement(By.cssSelector("tr[data-device-id='" + DEVICE + "']"))
                    .getText())
            .contains("temperature");
        assertThat(browser.findElement(By.id("instances")).getText()).contains("RUNNING");
        assertThat(browser.findElement(By.id("auth-error")).isDisplayed()).isFalse();
        // no alerts endpoint on this instance: the panel stays hidden
        assertThat(browser.findElement(By.id("alerts-panel")).isDisplayed()).isFalse();

        Path screenshot = Path.of("target", "dashboard.png");
        Files.createDirectories(screenshot.getParent());
        File taken = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(taken.toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
      } finally {
        browser.quit();
      }
    }
  }

  private static void requireBrowser() {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new AssertionError(
          "The dashboard test needs a headless browser: "
              + CHROMIUM
              + " and "
              + CHROMEDRIVER
              + " were not found. Install them with `sudo apt-get install -y chromium"
              + " chromium-driver` (Debian), or run .ci/run, which installs them.");
    }
  }

  /**
   * 150 readings 30 s apart over the last 80 minutes, quiet except one far out of range after the
   * detector's warm-up (128 readings with the default parameters).
   */
  private static void postReadingsWithASpike(URI base) throws Exception {
    Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(80));
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 150; i++) {
      double temperature = i == 140 ? 98.1 : 20 + Math.sin(i / 6.0);
      body.append(
          """
          {"event_id":"%s-%d","device_id":"%s","type":"sensor","ts":"%s","metrics":{"temperature":%s,"humidity":%d}}
          """
              .formatted(
                  DEVICE,
                  i,
                  DEVICE,
                  start.plus(Duration.ofSeconds(30L * i)),
                  temperature,
                  40 + i % 3));
    }
    HttpResponse<String> posted =
        CLIENT.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/events"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
  }

  /** A producer that is not a front end writes garbage to the raw topic: a dead letter. */
  private static void sendUnreadableRawRecord(KafkaFixture kafka, Topics topics) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(topics.raw().name(), "broken-1", "not json".getBytes(UTF_8)))
          .get(10, TimeUnit.SECONDS);
    }
  }

  private static void checkOperatorApi(URI base, String prefix) throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .ignoreExceptions()
        .until(
            () -> json(base, "/api/v1/ops/dlq"),
            body -> body.at("/by_reason/invalid_json").asLong() == 1);
    JsonNode deadLetters = json(base, "/api/v1/ops/dlq?reason=invalid_json&limit=5");
    assertThat(deadLetters.at("/items/0/key").asText()).isEqualTo("broken-1");
    assertThat(deadLetters.at("/items/0/stage").asText()).isEqualTo("validate");
    assertThat(deadLetters.at("/items/0/value").asText()).isEqualTo("not json");

    JsonNode instances = json(base, "/api/v1/ops/instances");
    assertThat(instances.at("/partial").asBoolean()).isFalse();
    JsonNode self = instances.at("/instances/0");
    assertThat(self.at("/reachable").asBoolean()).isTrue();
    assertThat(self.at("/self").asBoolean()).isTrue();
    assertThat(self.at("/state").asText()).isEqualTo("RUNNING");
    assertThat(self.at("/roles").toString()).isEqualTo("[\"ingest\",\"streams\"]");
    assertThat(self.at("/active_partitions/device-latest").toString()).isEqualTo("[0,1]");
    assertThat(self.at("/active_tasks").size()).isGreaterThan(1);
    assertThat(self.at("/consumer_lag").asLong()).isGreaterThanOrEqualTo(0);

    JsonNode topology = json(base, "/api/v1/ops/topology");
    assertThat(topology.at("/text").asText()).contains("Sub-topology: 0");
    assertThat(topology.at("/graph/nodes").findValuesAsText("id"))
        .contains("topic:" + prefix + "events.raw", "store:device-latest");
    assertThat(topology.at("/graph/edges").findValuesAsText("kind"))
        .contains("reads", "writes", "flow", "uses");

    HttpResponse<String> refused =
        CLIENT.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/ops/dlq/replay"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"dry_run\":true}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(refused.body()).at("/message").asText())
        .contains("must select dead letters by stage, reason or ids");
    HttpResponse<String> dryRun =
        CLIENT.send(
            HttpRequest.newBuilder(base.resolve("/api/v1/ops/dlq/replay"))
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"reason\":\"invalid_json\",\"dry_run\":true}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
    assertThat(JSON.readTree(dryRun.body()).at("/matched").asInt()).isEqualTo(1);
    assertThat(JSON.readTree(dryRun.body()).at("/sent").asInt()).isZero();
  }

  private static JsonNode json(URI base, String pathAndQuery) throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(pathAndQuery + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String hoursAgo(int hours) {
    return Instant.now().minus(Duration.ofHours(hours)).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static CornjacketConfig config(KafkaFixture kafka, String prefix, Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("CORNJACKET_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("CORNJACKET_KAFKA_TOPIC_PREFIX", prefix);
    env.put("CORNJACKET_KAFKA_PARTITIONS", "2");
    env.put("CORNJACKET_HTTP_PORT", "0");
    env.put("CORNJACKET_ROLES", "ingest,streams");
    env.put("CORNJACKET_DATA_DIR", dataDir.toString());
    env.put("CORNJACKET_STREAMS_APPLICATION_ID", "dashboard-" + prefix.replace(".", ""));
    env.put("CORNJACKET_STREAMS_COMMIT_INTERVAL", "100ms");
    env.put("CORNJACKET_STREAMS_STANDBY_REPLICAS", "0");
    env.put("CORNJACKET_ANOMALY_PROBATION", "20");
    return ConfigLoader.load(env, Optional.empty()).config();
  }
}
