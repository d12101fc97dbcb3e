package dev.cornjacket.app.internal;

import dev.cornjacket.app.Platform;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.config.DevSettings;
import dev.cornjacket.config.LoadedConfig;
import dev.cornjacket.config.MqttSettings;
import dev.cornjacket.config.Role;
import dev.cornjacket.config.Secret;
import dev.cornjacket.config.StreamsSettings;
import dev.cornjacket.devstack.DevStack;
import dev.cornjacket.devstack.MqttCredentials;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cornjacket dev}: an embedded stack of real servers (Kafka, PostgreSQL, MQTT) plus the
 * application with every role, in one process. A server the configuration already names is used
 * instead of the embedded one.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run Cornjacket with an embedded Kafka broker, PostgreSQL and MQTT broker.",
      "State lives in CORNJACKET_DATA_DIR (default .cornjacket/dev) and survives restarts."
    })
final class DevCommand implements Callable<Integer> {

  @Mixin CornjacketCommand.ConfigOption configOption = new CornjacketCommand.ConfigOption();

  @Option(names = "--fresh", description = "Wipe the dev data directory first.")
  boolean fresh;

  @Option(
      names = "--echo-webhook",
      description =
          "Start a local webhook receiver that prints every alert delivery, and send alerts to it.")
  boolean echoWebhook;

  @Option(
      names = "--echo-webhook-port",
      description = "Port of the --echo-webhook receiver (default: a free one).")
  int echoWebhookPort;

  @Option(
      names = "--simulate",
      description = "Also send a gentle stream of simulated devices (20 devices, 10 events/s).")
  boolean simulate;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    LoadedConfig loaded = ConfigLoader.load(configOption.file());
    Logging.apply(loaded, dev.cornjacket.config.NodeSettings.LogFormat.TEXT);
    CornjacketConfig config = loaded.config();
    Path dataDir = config.node().dataDir().toAbsolutePath().normalize();
    if (fresh) {
      DevStack.wipe(dataDir);
    }

    if (!Ports.isExplicit(loaded, StreamsSettings.STANDBY_REPLICAS)) {
      // one instance: a standby would have nowhere to go (and Kafka warns at every rebalance)
      config = config.withStreams(config.streams().withStandbyReplicas(0));
    }
    Lifecycle lifecycle = new Lifecycle();
    try {
      DevStack stack = startDevStack(config, loaded, dataDir);
      config = withEmbeddedServers(config, stack);
      EchoWebhookReceiver echo = null;
      if (echoWebhook) {
        echo = EchoWebhookReceiver.start(echoWebhookPort, spec.commandLine().getOut());
        config =
            config.withActions(
                config.actions().withWebhook(echo.url(), Optional.of(new Secret(echo.secret()))));
        spec.commandLine().getOut().printf("Echo webhook receiver: %s%n", echo.url());
      }
      Platform platform = lifecycle.startPlatform(config);
      if (echo != null) {
        // after the application: deliveries in flight at shutdown still reach it
        lifecycle.closeInOrder("echo webhook receiver", echo);
      }
      lifecycle.closeInOrder("embedded servers", stack);
      printReady(spec.commandLine().getOut(), config, stack, platform, dataDir, started);
      if (simulate) {
        lifecycle.closeFirst("simulation", DevSimulation.start(platform.httpPort()));
        spec.commandLine()
            .getOut()
            .printf(
                "Simulating %d devices at %.0f events/s (cornjacket simulate --help for more).%n",
                DevSimulation.DEVICES, DevSimulation.RATE)
            .flush();
      }
    } catch (RuntimeException e) {
      lifecycle.closeAll();
      throw e;
    }
    lifecycle.awaitShutdown();
    return 0;
  }

  private static DevStack startDevStack(
      CornjacketConfig config, LoadedConfig loaded, Path dataDir) {
    DevSettings dev = config.dev();
    DevStack.Options options =
        new DevStack.Options(
            dataDir,
            Ports.choose(dev.kafkaPort(), Ports.isExplicit(loaded, DevSettings.KAFKA_PORT)),
            Ports.choose(dev.postgresPort(), Ports.isExplicit(loaded, DevSettings.PG_PORT)),
            Ports.choose(dev.mqttPort(), Ports.isExplicit(loaded, DevSettings.MQTT_PORT)),
            config.kafka().bootstrap().isEmpty(),
            config.postgres().url().isEmpty(),
            config.mqtt().url().isEmpty());
    if (options.mqtt()) {
      // the embedded broker admits one user: the configured one, else the dev default
      MqttSettings mqtt = withDevCredentials(config.mqtt());
      options =
          options.withMqttCredentials(
              new MqttCredentials(mqtt.username().orElseThrow(), mqtt.password().orElseThrow()));
    }
    try {
      return DevStack.start(options);
    } catch (RuntimeException e) {
      throw new StartupException("The embedded stack did not start: " + e.getMessage(), e);
    }
  }

  private static CornjacketConfig withEmbeddedServers(CornjacketConfig config, DevStack stack) {
    CornjacketConfig result = config;
    if (stack.kafkaBootstrap().isPresent()) {
      result = result.withKafka(result.kafka().withBootstrap(stack.kafkaBootstrap().get()));
    }
    if (stack.postgresJdbcUrl().isPresent()) {
      result = result.withPostgres(result.postgres().withUrl(stack.postgresJdbcUrl().get()));
    }
    if (stack.mqttUrl().isPresent()) {
      result =
          result.withMqtt(
              withDevCredentials(result.mqtt()).withUrl(URI.create(stack.mqttUrl().get())));
    }
    return result;
  }

  private static MqttSettings withDevCredentials(MqttSettings mqtt) {
    return mqtt.withCredentialsIfUnset(
        MqttSettings.DEV_USERNAME, new Secret(MqttSettings.DEV_PASSWORD));
  }

  private static void printReady(
      PrintWriter out,
      CornjacketConfig config,
      DevStack stack,
      Platform platform,
      Path dataDir,
      long startedNanos) {
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    String httpUrl = "http://localhost:" + platform.httpPort();
    out.printf("%nCornjacket %s (dev) is ready in %.1f s%n%n", VersionProvider.version(), seconds);
    row(out, "HTTP API", httpUrl, "");
    row(
        out,
        "Kafka bootstrap",
        config.kafka().bootstrap().orElseThrow(),
        origin(stack.kafkaBootstrap().isPresent()));
    row(
        out,
        "PostgreSQL",
        config.postgres().url().orElseThrow(),
        origin(stack.postgresJdbcUrl().isPresent()));
    row(
        out,
        "MQTT",
        config.mqtt().url().orElseThrow().toString(),
        origin(stack.mqttUrl().isPresent()));
    row(out, "Data directory", dataDir.toString(), "");
    out.printf(
        "%nSend an event:%n  curl -XPOST %s/api/v1/events -H 'Content-Type: application/json' \\%n"
            + "%s"
            + "    -d '{\"device_id\":\"sensor-1\",\"type\":\"sensor\",\"ts\":%d,\"metrics\":{\"temperature\":21.5}}'%n",
        httpUrl, DevTokens.curlHeader(config.auth()), System.currentTimeMillis());
    if (stack.mqttUrl().isPresent()) {
      printMqttExample(out, config.mqtt());
    }
    if (config.node().roles().contains(Role.SINKS) && stack.postgresJdbcUrl().isPresent()) {
      out.printf(
          "%nLook at the stored events:%n  psql -h localhost -p %d -U postgres -c \"SELECT"
              + " event_id, device_id, type, ts, metrics FROM events ORDER BY ts DESC LIMIT 10\"%n",
          URI.create(stack.postgresJdbcUrl().get().substring("jdbc:".length())).getPort());
    }
    if (config.auth().mode() == dev.cornjacket.config.AuthSettings.Mode.NONE) {
      out.println();
      out.println(
          "WARNING: CORNJACKET_AUTH_MODE=none: the API accepts requests from anyone who can reach it.");
    }
    out.printf("%nPress Ctrl-C to stop.%n");
    out.flush();
  }

  /** A mosquitto_pub line for the embedded broker; a configured password is not printed. */
  private static void printMqttExample(PrintWriter out, MqttSettings mqtt) {
    URI url = mqtt.url().orElseThrow();
    boolean devPassword =
        mqtt.password().map(p -> p.value().equals(MqttSettings.DEV_PASSWORD)).orElse(false);
    out.printf(
        "%nOr over MQTT:%n  mosquitto_pub -h %s -p %d -u %s -P %s -q 1 -t cj/devices/sensor-1/events \\%n"
            + "    -m '{\"type\":\"sensor\",\"ts\":%d,\"metrics\":{\"temperature\":21.5}}'%n",
        url.getHost(),
        url.getPort(),
        mqtt.username().orElseThrow(),
        devPassword ? MqttSettings.DEV_PASSWORD : "\"$CORNJACKET_MQTT_PASSWORD\"",
        System.currentTimeMillis());
  }

  private static String origin(boolean embedded) {
    return embedded ? "(embedded)" : "(external)";
  }

  private static void row(PrintWriter out, String name, String value, String note) {
    out.printf("  %-16s %-48s %s%n", name, value, note);
  }
}
