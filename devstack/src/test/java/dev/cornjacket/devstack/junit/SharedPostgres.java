package dev.cornjacket.devstack.junit;

import dev.cornjacket.devstack.EmbeddedPostgresServer;
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
 * JUnit extension giving tests one real PostgreSQL per test JVM: started on first use in a
 * temporary directory, stopped and deleted when all tests have run. Inject a {@link
 * PostgresFixture} and give each test its own database with {@link
 * PostgresFixture#createDatabase()}.
 */
public final class SharedPostgres implements ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(SharedPostgres.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresFixture.class;
  }

  @Override
  public PostgresFixture resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .computeIfAbsent(SharedServer.class, key -> SharedServer.start(), SharedServer.class)
        .fixture();
  }

  /** The server and its temporary directory, removed together when the test run ends. */
  private record SharedServer(Path dataDir, EmbeddedPostgresServer server, PostgresFixture fixture)
      implements AutoCloseable {

    static SharedServer start() {
      Path dataDir = createTempDirectory();
      EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, 0).start();
      return new SharedServer(dataDir, server, new PostgresFixture(server));
    }

    @Override
    public void close() {
      server.stop();
      DataDirectories.deleteRecursively(dataDir);
    }

    private static Path createTempDirectory() {
      try {
        return Files.createTempDirectory("cornjacket-shared-postgres-");
      } catch (IOException e) {
        throw new UncheckedIOException("Could not create a directory for the shared PostgreSQL", e);
      }
    }
  }
}
