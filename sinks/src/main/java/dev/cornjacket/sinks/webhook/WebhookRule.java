package dev.cornjacket.sinks.webhook;

import dev.cornjacket.topology.alert.Alert;
import dev.cornjacket.topology.alert.Severity;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which alerts go to which endpoints: an alert matches when its type matches {@code alertType}, its
 * severity is at least {@code minSeverity} and its device matches {@code device}. Patterns are
 * globs: {@code *} any characters, {@code ?} one.
 *
 * @param alertType glob of alert types, e.g. {@code anomaly.*}
 * @param minSeverity the least severity that matches
 * @param device glob of device ids
 * @param endpoints names of the endpoints that receive matching alerts
 */
public record WebhookRule(
    String alertType, Severity minSeverity, String device, List<String> endpoints) {

  public WebhookRule {
    Objects.requireNonNull(alertType, "alertType");
    Objects.requireNonNull(minSeverity, "minSeverity");
    Objects.requireNonNull(device, "device");
    endpoints = List.copyOf(endpoints);
  }

  /** A rule that sends every alert to {@code endpoints}. */
  public static WebhookRule everything(List<String> endpoints) {
    return new WebhookRule("*", Severity.WARNING, "*", endpoints);
  }

  public boolean matches(Alert alert) {
    return glob(alertType).matcher(alert.alertType()).matches()
        && Severity.of(alert.severity()).compareTo(minSeverity) >= 0
        && glob(device).matcher(alert.deviceId()).matches();
  }

  static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (String part : glob.split("(?=[*?])|(?<=[*?])")) {
      switch (part) {
        case "*" -> regex.append(".*");
        case "?" -> regex.append('.');
        default -> regex.append(Pattern.quote(part));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
