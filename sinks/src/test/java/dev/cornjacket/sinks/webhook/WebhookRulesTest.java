package dev.cornjacket.sinks.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cornjacket.config.Rate;
import dev.cornjacket.topology.alert.Alert;
import dev.cornjacket.topology.anomaly.Anomaly;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookRulesTest {

  @TempDir Path dir;

  private static Alert alert(String device, String metric, double score) {
    Anomaly anomaly =
        new Anomaly(
            Anomaly.idOf("e-1", metric),
            "e-1",
            device,
            metric,
            1.0,
            score,
            Instant.parse("2026-11-22T10:00:00Z"),
            "v1",
            List.of());
    return Alert.raisedBy(anomaly, Duration.ofMinutes(5));
  }

  @Test
  void shouldReadAYamlFileAndRouteByTypeSeverityAndDevice() throws IOException {
    Path file = dir.resolve("webhooks.yaml");
    Files.writeString(
        file,
        """
        endpoints:
          - name: ops
            url: https://ops.example.com/hook
            secret: very-secret
            timeout: 10s
            rate_limit: 5/min
          - name: boilers
            url: http://localhost:9000/
        rules:
          - alert_type: "anomaly.temp*"
            min_severity: major
            endpoints: [ops]
          - device: "boiler-?"
            endpoints: [boilers, ops]
        """);

    WebhookRules rules = WebhookRules.load(file, Duration.ofSeconds(30));

    WebhookEndpoint ops = rules.endpoints().getFirst();
    assertThat(ops.url()).isEqualTo(URI.create("https://ops.example.com/hook"));
    assertThat(ops.secret()).contains("very-secret");
    assertThat(ops.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(ops.rateLimit()).contains(new Rate(5, Duration.ofMinutes(1)));
    assertThat(rules.endpoints().get(1).timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(rules.toString()).doesNotContain("very-secret");
    assertThat(rules.targetsOf(alert("pump-1", "temperature", 0.9)))
        .extracting(WebhookEndpoint::name)
        .containsExactly("ops");
    assertThat(rules.targetsOf(alert("pump-1", "temperature", 0.6))).isEmpty();
    assertThat(rules.targetsOf(alert("pump-1", "humidity", 0.99))).isEmpty();
    assertThat(rules.targetsOf(alert("boiler-7", "humidity", 0.6)))
        .extracting(WebhookEndpoint::name)
        .containsExactly("ops", "boilers");
    assertThat(rules.targetsOf(alert("boiler-17", "humidity", 0.6))).isEmpty();
  }

  @Test
  void shouldNameEveryBadFieldOfTheFile() throws IOException {
    Path file = dir.resolve("webhooks.json");
    Files.writeString(
        file,
        """
        {"endpoints": [
           {"name": "a", "url": "ftp://example.com/x", "timeout": "soon"},
           {"url": "http://localhost:1/"},
           {"name": "b", "url": "http://localhost:1/", "rate_limit": "lots", "colour": "red"}],
         "rules": [{"min_severity": "dire", "endpoints": ["a", "nowhere"]}]}
        """);

    assertThatThrownBy(() -> WebhookRules.load(file, Duration.ofSeconds(30)))
        .isInstanceOfSatisfying(
            WebhookConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "endpoints[0].url: 'ftp://example.com/x' is not an http or https URL with"
                            + " a host",
                        "endpoints[0].timeout: 'soon' is not a duration (examples: 500ms, 10s,"
                            + " 5m, 24h, 7d, PT1H)",
                        "endpoints[1].name: is required",
                        "endpoints[2].colour: unknown field (known: name, rate_limit, secret,"
                            + " timeout, url)",
                        "endpoints[2].rate_limit: 'lots' is not a rate (examples: 10/min, 5/s,"
                            + " 100/h, 10/2s)",
                        "rules[0].min_severity: 'dire' is not warning, major or critical",
                        "rules[0].endpoints[0]: 'a' is not a declared endpoint",
                        "rules[0].endpoints[1]: 'nowhere' is not a declared endpoint"))
        .hasMessageStartingWith("CORNJACKET_WEBHOOKS_FILE " + file + " is invalid:");
  }

  @Test
  void shouldSendEveryAlertToEveryEndpointWithoutRules() {
    WebhookRules rules =
        new WebhookRules(
            List.of(
                new WebhookEndpoint(
                    "one",
                    URI.create("http://localhost:1/"),
                    Optional.empty(),
                    Duration.ofSeconds(1),
                    Optional.empty())),
            List.of());

    assertThat(rules.targetsOf(alert("any", "x", 0.5))).hasSize(1);
  }

  @Test
  void shouldSignTheBodyWithHmacSha256() {
    // RFC 4231 test case 2
    assertThat(
            Signatures.sign(
                "what do ya want for nothing?".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "Jefe"))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}
