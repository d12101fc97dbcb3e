package dev.cornjacket.devstack.junit;

import dev.cornjacket.config.Secret;
import dev.cornjacket.devstack.EmbeddedMqttBroker;
import dev.cornjacket.devstack.MqttCredentials;
import dev.cornjacket.devstack.internal.DataDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension giving tests one real MQTT broker (embedded HiveMQ) per test JVM, which admits
 * one user with a random password, as the broker of {@code cornjacket dev} does: started on first
 * use in a temporary directory, stopped and deleted when all tests have run. Inject an {@link
 * MqttFixture} and name client ids, groups and devices with {@link MqttFixture#uniquePrefix()}.
 */
public final class SharedMqtt implements ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(SharedMqtt.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == MqttFixture.class;
  }

  @Override
  public MqttFixture resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(SharedBroker.class, key -> SharedBroker.start(), SharedBroker.class)
        .fixture();
  }

  /** The broker and its temporary directory, removed together when the test run ends. */
  private record SharedBroker(Path dataDir, EmbeddedMqttBroker broker, MqttFixture fixture)
      implements AutoCloseable {

    static SharedBroker start() {
      Path dataDir = createTempDirectory();
      MqttCredentials credentials =
          new MqttCredentials("cornjacket-test", new Secret(UUID.randomUUID().toString()));
      EmbeddedMqttBroker broker = new EmbeddedMqttBroker(dataDir, 0, credentials).start();
      return new SharedBroker(dataDir, broker, new MqttFixture(broker));
    }

    @Override
    public void close() {
      broker.stop();
      DataDirectories.deleteRecursively(dataDir);
    }

    private static Path createTempDirectory() {
      try {
        return Files.createTempDirectory("cornjacket-shared-mqtt-");
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Could not create a directory for the shared MQTT broker", e);
      }
    }
  }
}
