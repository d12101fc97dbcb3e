package dev.cornjacket.app.internal;

import dev.cornjacket.app.simulate.EventSink;
import dev.cornjacket.app.simulate.HttpEventSink;
import dev.cornjacket.app.simulate.MqttEventSink;
import dev.cornjacket.app.simulate.SimulatedDevices;
import dev.cornjacket.app.simulate.Simulation;
import dev.cornjacket.app.simulate.SimulationException;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.config.MqttSettings;
import dev.cornjacket.config.Secret;
import dev.cornjacket.config.ValueType;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cornjacket simulate}: realistic device load against a running instance. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Send realistic device events to a running Cornjacket instance (HTTP or MQTT): several"
          + " metrics per device with daily cycles and noise, injected anomalies, duplicates and"
          + " invalid events.",
      "Prints progress every second and a summary at the end (or on Ctrl-C)."
    })
final class SimulateCommand implements Callable<Integer> {

  enum Via {
    http,
    mqtt
  }

  @Mixin CornjacketCommand.ConfigOption configOption = new CornjacketCommand.ConfigOption();

  @Option(names = "--devices", description = "Simulated devices (default ${DEFAULT-VALUE}).")
  int devices = 100;

  @Option(names = "--rate", description = "Events per second (default ${DEFAULT-VALUE}).")
  double rate = 100;

  @Option(
      names = "--duration",
      description = "How long, e.g. 30s, 5m; 0 runs until Ctrl-C (default ${DEFAULT-VALUE}).")
  String duration = "60s";

  @Option(names = "--via", description = "http or mqtt (default ${DEFAULT-VALUE}).")
  Via via = Via.http;

  @Option(
      names = "--anomalies",
      description = "Share of events with an injected anomaly, 0-1 (default ${DEFAULT-VALUE}).")
  double anomalies = 0.002;

  @Option(
      names = "--duplicates",
      description = "Share of events sent again with the same id, 0-1 (default ${DEFAULT-VALUE}).")
  double duplicates = 0.01;

  @Option(
      names = "--invalid",
      description = "Share of invalid events, 0-1 (default ${DEFAULT-VALUE}).")
  double invalid = 0.005;

  @Option(
      names = "--url",
      description = "HTTP address of the instance (default http://localhost:CORNJACKET_HTTP_PORT).")
  String url;

  @Option(
      names = "--mqtt-url",
      description =
          "MQTT broker for --via mqtt (default CORNJACKET_MQTT_URL, else the dev stack's"
              + " tcp://localhost:CORNJACKET_DEV_MQTT_PORT); credentials from"
              + " CORNJACKET_MQTT_USERNAME/PASSWORD, else the dev stack's.")
  URI mqttUrl;

  @Option(
      names = "--clients",
      description = "Concurrent requests (HTTP) or connections (MQTT) (default ${DEFAULT-VALUE}).")
  int clients = 4;

  @Option(
      names = "--batch",
      description = "Most events per HTTP request (default ${DEFAULT-VALUE}).")
  int batch = 500;

  @Option(names = "--token", description = "Bearer token for an instance with authentication.")
  String token;

  @Option(names = "--seed", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed = 42;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    CornjacketConfig config = ConfigLoader.load(configOption.file()).config();
    Simulation.Options options;
    SimulatedDevices generator;
    try {
      Duration length = ValueType.duration().parse(duration);
      options = new Simulation.Options(rate, length, batch, clients, Duration.ofMillis(50));
      generator =
          new SimulatedDevices(
              devices, new SimulatedDevices.Rates(anomalies, duplicates, invalid), seed);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (EventSink sink = sink(config)) {
      Simulation simulation = new Simulation(generator, sink, options, null);
      CountDownLatch finished = new CountDownLatch(1);
      Thread hook =
          new Thread(
              () -> {
                simulation.stop();
                try {
                  finished.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "cornjacket-simulate-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      out.printf(
          "Simulating %,d devices at %,.0f events/s via %s to %s%s%n",
          devices,
          rate,
          via,
          sink.target(),
          options.duration().isZero() ? " until Ctrl-C" : " for " + duration);
      out.flush();
      Simulation.Summary summary;
      try {
        summary = simulation.run(out);
      } finally {
        out.println();
        out.println(simulation.summary().describe());
        out.flush();
        finished.countDown();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down (Ctrl-C): the hook has done its part
      }
      return summary.failed() > 0 ? 1 : 0;
    }
  }

  private EventSink sink(CornjacketConfig config) {
    if (via == Via.http) {
      String target = url != null ? url : "http://localhost:" + config.http().port();
      return new HttpEventSink(target, token);
    }
    URI broker =
        mqttUrl != null
            ? mqttUrl
            : config.mqtt().url().orElse(URI.create("tcp://localhost:" + config.dev().mqttPort()));
    if (!"tcp".equals(broker.getScheme()) && !"ssl".equals(broker.getScheme())) {
      throw new SimulationException(
          "--mqtt-url: '" + broker + "' is not tcp://host:port or ssl://host:port");
    }
    MqttSettings mqtt =
        config
            .mqtt()
            .withCredentialsIfUnset(
                MqttSettings.DEV_USERNAME, new Secret(MqttSettings.DEV_PASSWORD));
    return new MqttEventSink(
        broker,
        mqtt.username().orElseThrow(),
        mqtt.password().map(Secret::value).orElse(null),
        clients);
  }
}
