package dev.cornjacket.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionsSettingsTest {

  @Test
  void shouldDefaultToFiveMinuteAlertsAndTenCallsPerMinute() {
    ActionsSettings actions = ConfigLoader.load(Map.of(), Optional.empty()).config().actions();

    assertThat(actions.alertWindow()).isEqualTo(Duration.ofMinutes(5));
    assertThat(actions.rateLimit()).isEqualTo(new Rate(10, Duration.ofMinutes(1)));
    assertThat(actions.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(actions.backoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(actions.retries()).isEqualTo(5);
    assertThat(actions.queue()).isEqualTo(1000);
    assertThat(actions.hasEndpoints()).isFalse();
  }

  @Test
  void shouldReadASingleEndpointAndMaskItsSecret() {
    CornjacketConfig config =
        ConfigLoader.load(
                Map.of(
                    "CORNJACKET_WEBHOOK_URL", "http://localhost:9000/hook",
                    "CORNJACKET_WEBHOOK_SECRET", "s3cret-value",
                    "CORNJACKET_WEBHOOKS_RATE_LIMIT", "10/2s"),
                Optional.empty())
            .config();

    assertThat(config.actions().webhookUrl()).contains(URI.create("http://localhost:9000/hook"));
    assertThat(config.actions().webhookSecret().orElseThrow().value()).isEqualTo("s3cret-value");
    assertThat(config.actions().rateLimit()).isEqualTo(new Rate(10, Duration.ofSeconds(2)));
    assertThat(config.actions().hasEndpoints()).isTrue();
    assertThat(config.actions().toString()).doesNotContain("s3cret-value");
  }

  @Test
  void shouldNameEveryBadActionsVariable() {
    Map<String, String> env =
        Map.of(
            "CORNJACKET_WEBHOOK_URL", "ftp://example.com/x",
            "CORNJACKET_WEBHOOKS_RATE_LIMIT", "lots",
            "CORNJACKET_ALERTS_DEDUP_WINDOW", "soon",
            "CORNJACKET_WEBHOOKS_RETRIES", "99");

    assertThatThrownBy(() -> ConfigLoader.load(env, Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "CORNJACKET_WEBHOOK_URL: 'ftp://example.com/x' is not an http or https"
                            + " URL",
                        "CORNJACKET_WEBHOOKS_RATE_LIMIT: 'lots' is not a rate (examples: 10/min,"
                            + " 5/s, 100/h, 10/2s)",
                        "CORNJACKET_ALERTS_DEDUP_WINDOW: 'soon' is not a duration (examples:"
                            + " 500ms, 10s, 5m, 24h, 7d, PT1H)",
                        "CORNJACKET_WEBHOOKS_RETRIES: '99' is out of range 0..20"));
  }

  @Test
  void shouldRejectASecretWithoutAUrl() {
    assertThatThrownBy(
            () -> ConfigLoader.load(Map.of("CORNJACKET_WEBHOOK_SECRET", "abc"), Optional.empty()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "CORNJACKET_WEBHOOK_SECRET: is set but CORNJACKET_WEBHOOK_URL is not"));
  }
}
