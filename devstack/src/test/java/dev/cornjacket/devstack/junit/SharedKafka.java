package dev.cornjacket.devstack.junit;

import dev.cornjacket.devstack.EmbeddedKafka;
import dev.cornjacket.devstack.internal.DataDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension giving tests one real Kafka broker per test JVM: started on first use in a
 * temporary directory, stopped and deleted when all tests have run. Inject a {@link KafkaFixture}
 * into a test, lifecycle method or constructor:
 *
 * <pre>{@code
 * @ExtendWith(SharedKafka.class)
 * class PipelineIT {
 *   @Test
 *   void shouldDoSomething(KafkaFixture kafka) {
 *     String topic = kafka.uniquePrefix() + "events";
 *     kafka.createTopics(topic);
 *     ...
 *   }
 * }
 * }</pre>
 *
 * Tests share the broker, so each one uses its own topic names ({@link
 * KafkaFixture#uniquePrefix()}); a test that stops the broker uses {@link
 * KafkaFixture#dedicatedBroker(Path)} instead.
 */
public final class SharedKafka implements ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(SharedKafka.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaFixture.class;
  }

  @Override
  public KafkaFixture resolveParameter(ParameterContext parameter, ExtensionContext context) {
    // the root store lives as long as the test run and closes its AutoCloseable values at the end
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(SharedBroker.class, key -> SharedBroker.start(), SharedBroker.class)
        .fixture();
  }

  /** The broker and its temporary directory, removed together when the test run ends. */
  private record SharedBroker(Path dataDir, EmbeddedKafka broker, KafkaFixture fixture)
      implements AutoCloseable {

    static SharedBroker start() {
      Path dataDir = createTempDirectory();
      EmbeddedKafka broker = new EmbeddedKafka(dataDir, 0).start();
      return new SharedBroker(dataDir, broker, new KafkaFixture(broker));
    }

    @Override
    public void close() {
      broker.stop();
      DataDirectories.deleteRecursively(dataDir);
    }

    private static Path createTempDirectory() {
      try {
        return Files.createTempDirectory("cornjacket-shared-kafka-");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not create a directory for the shared broker", e);
      }
    }
  }
}
