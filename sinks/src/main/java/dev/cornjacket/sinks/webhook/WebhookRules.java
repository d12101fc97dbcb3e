package dev.cornjacket.sinks.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cornjacket.config.ActionsSettings;
import dev.cornjacket.config.Rate;
import dev.cornjacket.config.Secret;
import dev.cornjacket.topology.alert.Alert;
import dev.cornjacket.topology.alert.Severity;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The webhook endpoints and the rules that route alerts to them, from {@code
 * CORNJACKET_WEBHOOKS_FILE} (JSON, or YAML when the name ends in {@code .yaml}/{@code .yml}) or the
 * single endpoint of {@code CORNJACKET_WEBHOOK_URL}. Without rules every alert goes to every
 * endpoint.
 *
 * <pre>
 * endpoints:
 *   - name: ops                 # required, unique
 *     url: https://ops.example.com/hooks/cornjacket   # required, http or https
 *     secret: change-me         # optional: signs the body (X-Cornjacket-Signature)
 *     timeout: 10s              # optional, default CORNJACKET_WEBHOOKS_TIMEOUT
 *     rate_limit: 5/min         # optional, on top of CORNJACKET_WEBHOOKS_RATE_LIMIT
 * rules:                        # optional; none means every alert to every endpoint
 *   - alert_type: "anomaly.*"   # glob, default *
 *     min_severity: major       # warning | major | critical, default warning
 *     device: "boiler-*"        # glob, default *
 *     endpoints: [ops]          # required, names above
 * </pre>
 */
public record WebhookRules(List<WebhookEndpoint> endpoints, List<WebhookRule> rules) {

  /** The name of the endpoint of {@code CORNJACKET_WEBHOOK_URL}. */
  public static final String DEFAULT_ENDPOINT = "default";

  private static final Set<String> ENDPOINT_FIELDS =
      Set.of("name", "url", "secret", "timeout", "rate_limit");
  private static final Set<String> RULE_FIELDS =
      Set.of("alert_type", "min_severity", "device", "endpoints");

  public WebhookRules {
    endpoints = List.copyOf(endpoints);
    rules = List.copyOf(rules);
  }

  /** The endpoints that receive {@code alert}, each once, in the order they are declared. */
  public List<WebhookEndpoint> targetsOf(Alert alert) {
    if (rules.isEmpty()) {
      return endpoints;
    }
    Set<String> names = new LinkedHashSet<>();
    for (WebhookRule rule : rules) {
      if (rule.matches(alert)) {
        names.addAll(rule.endpoints());
      }
    }
    return endpoints.stream().filter(e -> names.contains(e.name())).toList();
  }

  /**
   * The endpoints of the actions settings: the rules file, or the single URL; none when neither is
   * set.
   *
   * @throws WebhookConfigException naming the file and every bad field
   */
  public static WebhookRules of(ActionsSettings settings) {
    if (settings.webhooksFile().isPresent()) {
      return load(settings.webhooksFile().get(), settings.timeout());
    }
    return settings
        .webhookUrl()
        .map(
            url ->
                new WebhookRules(
                    List.of(
                        new WebhookEndpoint(
                            DEFAULT_ENDPOINT,
                            url,
                            settings.webhookSecret().map(Secret::value),
                            settings.timeout(),
                            Optional.empty())),
                    List.of()))
        .orElseGet(() -> new WebhookRules(List.of(), List.of()));
  }

  /**
   * Reads and validates a rules file.
   *
   * @throws WebhookConfigException naming the file and every bad field, e.g. {@code
   *     endpoints[1].url: 'ftp://x' is not an http or https URL}
   */
  public static WebhookRules load(Path file, Duration defaultTimeout) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    ObjectMapper mapper =
        name.toLowerCase(Locale.ROOT).matches(".*\\.ya?ml") ? new YAMLMapper() : new ObjectMapper();
    JsonNode root;
    try {
      root = mapper.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new WebhookConfigException(
          file,
          List.of(
              "cannot be read as "
                  + (mapper instanceof YAMLMapper ? "YAML" : "JSON")
                  + ": "
                  + e.getMessage()));
    }
    List<String> problems = new ArrayList<>();
    WebhookRules rules = parse(root, defaultTimeout, problems);
    if (!problems.isEmpty()) {
      throw new WebhookConfigException(file, problems);
    }
    return rules;
  }

  private static WebhookRules parse(JsonNode root, Duration defaultTimeout, List<String> problems) {
    if (root == null || !root.isObject()) {
      problems.add("(root): must be an object with endpoints and rules");
      return new WebhookRules(List.of(), List.of());
    }
    unknownFields(root, Set.of("endpoints", "rules"), "", problems);
    Map<String, WebhookEndpoint> endpoints = new LinkedHashMap<>();
    JsonNode endpointList = root.path("endpoints");
    if (!endpointList.isArray() || endpointList.isEmpty()) {
      problems.add("endpoints: must be a non-empty list");
    } else {
      for (int i = 0; i < endpointList.size(); i++) {
        String at = "endpoints[" + i + "]";
        WebhookEndpoint endpoint = endpoint(endpointList.get(i), at, defaultTimeout, problems);
        if (endpoint != null && endpoints.putIfAbsent(endpoint.name(), endpoint) != null) {
          problems.add(at + ".name: '" + endpoint.name() + "' is used twice");
        }
      }
    }
    List<WebhookRule> rules = new ArrayList<>();
    JsonNode ruleList = root.path("rules");
    if (!ruleList.isMissingNode() && !ruleList.isArray()) {
      problems.add("rules: must be a list");
    } else {
      for (int i = 0; i < ruleList.size(); i++) {
        WebhookRule rule = rule(ruleList.get(i), "rules[" + i + "]", endpoints.keySet(), problems);
        if (rule != null) {
          rules.add(rule);
        }
      }
    }
    return new WebhookRules(List.copyOf(endpoints.values()), rules);
  }

  private static WebhookEndpoint endpoint(
      JsonNode node, String at, Duration defaultTimeout, List<String> problems) {
    if (!node.isObject()) {
      problems.add(at + ": must be an object");
      return null;
    }
    int before = problems.size();
    unknownFields(node, ENDPOINT_FIELDS, at + ".", problems);
    String name = text(node, "name", at, problems, true);
    if (name != null && !name.matches("[A-Za-z0-9._-]{1,64}")) {
      problems.add(at + ".name: '" + name + "' must be 1 to 64 of [A-Za-z0-9._-]");
    }
    URI url = null;
    String rawUrl = text(node, "url", at, problems, true);
    if (rawUrl != null) {
      try {
        url = new URI(rawUrl);
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())
            || url.getHost() == null) {
          problems.add(at + ".url: '" + rawUrl + "' is not an http or https URL with a host");
        }
      } catch (URISyntaxException e) {
        problems.add(at + ".url: '" + rawUrl + "' is not a URL");
      }
    }
    String secret = text(node, "secret", at, problems, false);
    Duration timeout = defaultTimeout;
    String rawTimeout = text(node, "timeout", at, problems, false);
    if (rawTimeout != null) {
      try {
        timeout = dev.cornjacket.config.ValueType.duration().parse(rawTimeout);
        if (timeout.toMillis() < 1) {
          problems.add(at + ".timeout: must be at least 1ms");
        }
      } catch (IllegalArgumentException e) {
        problems.add(at + ".timeout: '" + rawTimeout + "' " + e.getMessage());
      }
    }
    Optional<Rate> rate = Optional.empty();
    String rawRate = text(node, "rate_limit", at, problems, false);
    if (rawRate != null) {
      try {
        rate = Optional.of(Rate.parse(rawRate));
      } catch (IllegalArgumentException e) {
        problems.add(at + ".rate_limit: '" + rawRate + "' " + e.getMessage());
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new WebhookEndpoint(name, url, Optional.ofNullable(secret), timeout, rate);
  }

  private static WebhookRule rule(
      JsonNode node, String at, Set<String> endpointNames, List<String> problems) {
    if (!node.isObject()) {
      problems.add(at + ": must be an object");
      return null;
    }
    int before = problems.size();
    unknownFields(node, RULE_FIELDS, at + ".", problems);
    String type = Optional.ofNullable(text(node, "alert_type", at, problems, false)).orElse("*");
    String device = Optional.ofNullable(text(node, "device", at, problems, false)).orElse("*");
    Severity severity = Severity.WARNING;
    String rawSeverity = text(node, "min_severity", at, problems, false);
    if (rawSeverity != null) {
      try {
        severity = Severity.of(rawSeverity);
      } catch (IllegalArgumentException e) {
        problems.add(at + ".min_severity: '" + rawSeverity + "' is not warning, major or critical");
      }
    }
    List<String> targets = new ArrayList<>();
    JsonNode list = node.path("endpoints");
    if (!list.isArray() || list.isEmpty()) {
      problems.add(at + ".endpoints: must be a non-empty list of endpoint names");
    } else {
      for (int i = 0; i < list.size(); i++) {
        String target = list.get(i).asText();
        if (!list.get(i).isTextual() || !endpointNames.contains(target)) {
          problems.add(at + ".endpoints[" + i + "]: '" + target + "' is not a declared endpoint");
        } else {
          targets.add(target);
        }
      }
    }
    return problems.size() > before ? null : new WebhookRule(type, severity, device, targets);
  }

  private static String text(
      JsonNode node, String field, String at, List<String> problems, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        problems.add(at + "." + field + ": is required");
      }
      return null;
    }
    if (!value.isValueNode() || value.asText().isBlank()) {
      problems.add(at + "." + field + ": must be a non-empty string");
      return null;
    }
    return value.asText();
  }

  private static void unknownFields(
      JsonNode node, Set<String> known, String at, List<String> problems) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        problems.add(
            at
                + name
                + ": unknown field (known: "
                + String.join(", ", known.stream().sorted().toList())
                + ")");
      }
    }
  }

  @Override
  public String toString() {
    return "WebhookRules[endpoints=" + endpoints + ", rules=" + rules + "]";
  }
}
