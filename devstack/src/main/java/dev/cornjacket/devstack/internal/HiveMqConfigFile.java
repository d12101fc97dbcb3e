package dev.cornjacket.devstack.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the {@code config.xml} that HiveMQ reads from its configuration folder. */
public final class HiveMqConfigFile {

  public static final String FILE_NAME = "config.xml";

  /** Messages queued per client while it is away, before new ones are dropped. */
  public static final int MAX_QUEUED_MESSAGES = 100_000;

  private HiveMqConfigFile() {}

  /**
   * Writes the configuration into {@code confDir}, replacing an earlier one (the port may differ
   * between runs).
   *
   * <p>Persistence is in memory: in Cornjacket the MQTT broker is only a hop on the way to Kafka
   * (the bridge acknowledges a message after Kafka has it), so the durable copy lives in Kafka and
   * file persistence would only double the broker's start time (3 s against 6-8 s, making it the
   * slowest server of the dev stack). What is lost on a broker restart: sessions and messages
   * queued for a client that was offline, which in development is the bridge itself, stopped
   * together with the broker.
   *
   * <p>A client may be away for a while (the MQTT bridge restarting, with its persistent session):
   * the broker then queues its messages, up to {@value #MAX_QUEUED_MESSAGES} per client instead of
   * HiveMQ's default of 1,000, beyond which it would drop new ones.
   *
   * <p>The listener binds to the loopback interface: a development broker, possibly admitting
   * anonymous clients, must not be reachable from the network.
   */
  public static Path write(Path confDir, int port) throws IOException {
    String xml =
        """
        <?xml version="1.0"?>
        <hivemq>
            <listeners>
                <tcp-listener>
                    <port>%d</port>
                    <bind-address>127.0.0.1</bind-address>
                </tcp-listener>
            </listeners>
            <mqtt>
                <queued-messages>
                    <max-queue-size>%d</max-queue-size>
                </queued-messages>
            </mqtt>
            <persistence>
                <mode>in-memory</mode>
            </persistence>
            <anonymous-usage-statistics>
                <enabled>false</enabled>
            </anonymous-usage-statistics>
        </hivemq>
        """
            .formatted(port, MAX_QUEUED_MESSAGES);
    Files.createDirectories(confDir);
    return Files.writeString(confDir.resolve(FILE_NAME), xml, StandardCharsets.UTF_8);
  }
}
