package dev.cornjacket.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.config.Setting;
import dev.cornjacket.http.HttpServer;
import dev.cornjacket.topology.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The production compose file, checked without a Docker engine: against the Compose Specification's
 * JSON schema (vendored in test resources), and for what the schema cannot know: every image
 * pinned, every Cornjacket variable a real setting, secrets granted where they are read, the
 * gateway and Prometheus pointing at the instances that exist, and the Dockerfile's health check
 * asking a path the server answers.
 */
class ComposeFileTest {

  private static final Path ROOT = Path.of("..");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PINNED =
      Pattern.compile(".+(:[^:/]*\\d+\\.\\d+[^:/]*|@sha256:[0-9a-f]{64})");

  private static JsonNode compose() throws IOException {
    return YAML.readTree(ROOT.resolve("compose.yaml").toFile());
  }

  private static Set<ValidationMessage> schemaErrors(JsonNode document) throws IOException {
    try (InputStream schema =
        ComposeFileTest.class.getResourceAsStream("/compose-spec/compose-spec.json")) {
      // the schema's $id is relative: it needs a base location (nothing is fetched from it)
      JsonSchema compiled =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
              .getSchema(
                  SchemaLocation.of("classpath:compose-spec/compose-spec.json"),
                  JSON.readTree(schema));
      return compiled.validate(document);
    }
  }

  @Test
  void shouldMatchTheComposeSpecification() throws IOException {
    assertThat(schemaErrors(compose())).isEmpty();
  }

  @Test
  void shouldCatchAComposeFileThatBreaksTheSpecification() throws IOException {
    JsonNode broken =
        YAML.readTree(
            """
            services:
              app:
                imagee: cornjacket:0.1.0
                ports: {bad: true}
            """);

    assertThat(schemaErrors(broken))
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("imagee"))
        .anyMatch(m -> m.contains("ports"));
  }

  @Test
  void shouldPinEveryImage() throws IOException {
    List<String> images = new ArrayList<>();
    compose().get("services").forEach(s -> images.add(s.path("image").asText()));
    Matcher from = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(dockerfile());
    while (from.find()) {
      images.add(from.group(1));
    }
    assertThat(images).hasSizeGreaterThanOrEqualTo(11);
    assertThat(images).allSatisfy(image -> assertThat(image).matches(PINNED));
  }

  @Test
  void shouldUseOnlyRealSettingsAndGrantTheSecretsItReads() throws IOException {
    Map<String, Setting<?>> settings =
        CornjacketConfig.allSettings().stream().collect(Collectors.toMap(Setting::env, s -> s));
    JsonNode compose = compose();
    Set<String> declaredSecrets = new HashSet<>();
    compose.get("secrets").fieldNames().forEachRemaining(declaredSecrets::add);
    int cornjacketServices = 0;
    for (var service : compose.get("services").properties()) {
      Set<String> granted = new HashSet<>();
      service.getValue().path("secrets").forEach(s -> granted.add(s.asText()));
      assertThat(declaredSecrets).as(service.getKey()).containsAll(granted);
      for (var variable : service.getValue().path("environment").properties()) {
        String name = variable.getKey();
        String value = variable.getValue().asText();
        if (name.endsWith("_FILE") || name.endsWith("__FILE")) {
          assertThat(value).as(name).startsWith("/run/secrets/");
          assertThat(granted).as(service.getKey() + " " + name).contains(value.substring(13));
        }
        if (!name.startsWith("CORNJACKET_")) {
          continue;
        }
        if (name.endsWith("_FILE")) {
          Setting<?> secret = settings.get(name.substring(0, name.length() - 5));
          assertThat(secret).as(name + " names a setting").isNotNull();
          assertThat(secret.secret()).as(name + " names a secret").isTrue();
        } else {
          assertThat(settings).as(service.getKey()).containsKey(name);
        }
      }
      if (service.getKey().startsWith("cornjacket-")) {
        cornjacketServices++;
        assertThat(service.getValue().path("command").get(0).asText()).isEqualTo("run");
      }
    }
    assertThat(cornjacketServices).isEqualTo(3);
  }

  @Test
  void shouldStartEveryInstanceWithAValidConfigurationOfItsOwn() throws IOException {
    Set<String> instanceIds = new HashSet<>();
    Set<String> clientIds = new HashSet<>();
    for (var service : compose().get("services").properties()) {
      if (!service.getKey().startsWith("cornjacket-")) {
        continue;
      }
      Map<String, String> env = new java.util.HashMap<>();
      for (var variable : service.getValue().get("environment").properties()) {
        String value = variable.getValue().asText().replaceAll("\\$\\{[A-Z0-9_]+:-([^}]*)}", "$1");
        if (variable.getKey().endsWith("_FILE")) {
          // the file's content as the container would read it
          Path secret = Files.createTempFile("secret", "");
          Files.writeString(secret, "s".repeat(40) + "\n");
          value = secret.toString();
        }
        env.put(variable.getKey(), value);
      }
      CornjacketConfig config = ConfigLoader.load(env, Optional.empty()).config();
      assertThat(config.postgres().password()).isPresent();
      assertThat(config.mqtt().password()).isPresent();
      instanceIds.add(config.streams().instanceId().orElseThrow());
      clientIds.add(config.mqtt().clientId().orElseThrow());
      assertThat(config.streams().applicationServer()).contains(service.getKey() + ":8080");
    }
    assertThat(instanceIds).hasSize(3);
    assertThat(clientIds).hasSize(3);
  }

  @Test
  void shouldRouteAndScrapeTheInstancesThatExist() throws IOException {
    Set<String> instances = new HashSet<>();
    compose()
        .get("services")
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (name.startsWith("cornjacket-")) {
                instances.add(name + ":8080");
              }
            });
    JsonNode traefik = YAML.readTree(ROOT.resolve("deploy/traefik/dynamic.yml").toFile());
    for (JsonNode service : traefik.at("/http/services")) {
      Set<String> servers = new HashSet<>();
      service
          .at("/loadBalancer/servers")
          .forEach(s -> servers.add(URI.create(s.get("url").asText()).getAuthority()));
      assertThat(servers).isEqualTo(instances);
      assertThat(service.at("/loadBalancer/healthCheck/path").asText()).isEqualTo("/health/ready");
    }
    traefik
        .at("/http/routers")
        .forEach(
            r -> assertThat(traefik.at("/http/services").has(r.get("service").asText())).isTrue());
    JsonNode prometheus = YAML.readTree(ROOT.resolve("deploy/prometheus/prometheus.yml").toFile());
    Set<String> targets = new HashSet<>();
    prometheus
        .at("/scrape_configs/0/static_configs/0/targets")
        .forEach(t -> targets.add(t.asText()));
    assertThat(targets).isEqualTo(instances);
  }

  @Test
  void shouldProvisionTheDashboardOnTheProvisionedDatasource() throws IOException {
    JsonNode datasource =
        YAML.readTree(
            ROOT.resolve("deploy/grafana/provisioning/datasources/prometheus.yml").toFile());
    String uid = datasource.at("/datasources/0/uid").asText();
    JsonNode dashboard =
        JSON.readTree(ROOT.resolve("deploy/grafana/dashboards/cornjacket.json").toFile());
    List<String> titles = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      titles.add(panel.get("title").asText());
      assertThat(panel.at("/datasource/uid").asText()).isEqualTo(uid);
      assertThat(panel.get("targets"))
          .allSatisfy(t -> assertThat(t.get("expr").asText()).contains("("));
    }
    assertThat(String.join("|", titles).toLowerCase())
        .contains("ingest rate", "lag", "dead letters", "anomalies", "webhook", "partitions");
  }

  @Test
  void shouldBuildInStagesRunAsNonRootAndCheckAPathTheServerAnswers() throws Exception {
    String dockerfile = dockerfile();
    assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count())
        .isGreaterThanOrEqualTo(2);
    assertThat(dockerfile).containsPattern("(?m)^USER cornjacket$").contains("CMD [\"run\"]");
    Matcher health = Pattern.compile("(?s)HEALTHCHECK.*?GET (/\\S+) HTTP").matcher(dockerfile);
    assertThat(health.find()).as("HEALTHCHECK with a GET").isTrue();
    String path = health.group(1);
    assertThat(path).isEqualTo("/health/ready");

    CornjacketConfig config =
        ConfigLoader.load(
                Map.of("CORNJACKET_HTTP_PORT", "0", "CORNJACKET_KAFKA_BOOTSTRAP", "localhost:1"),
                Optional.empty())
            .config();
    try (HttpServer server =
            HttpServer.start(config.http(), config.kafka(), new Topics(), List.of());
        HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      // not ready (no broker here), but answered: the path exists
      assertThat(response.statusCode()).as(response.body()).isIn(200, 503);
      assertThat(JSON.readTree(response.body()).has("status")).isTrue();
    }
  }

  @Test
  void shouldCopyEveryModuleOfTheBuildIntoTheImageBuild() throws IOException {
    String dockerfile = dockerfile();
    Matcher module =
        Pattern.compile("<module>([^<]+)</module>")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    List<String> modules = new ArrayList<>();
    while (module.find()) {
      modules.add(module.group(1));
    }
    assertThat(modules).contains("app", "config");
    // Maven reads every module's pom even when it builds only the app and what it needs
    assertThat(modules)
        .allSatisfy(
            m ->
                assertThat(dockerfile)
                    .as("the Dockerfile copies module %s", m)
                    .containsPattern("(?m)^COPY " + Pattern.quote(m) + "(/pom\\.xml)? "));
  }

  private static String dockerfile() throws IOException {
    return Files.readString(ROOT.resolve("Dockerfile"));
  }
}
