package dev.cornjacket.app.internal;

import dev.cornjacket.app.Platform;
import dev.cornjacket.config.AuthSettings;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.config.KafkaSettings;
import dev.cornjacket.config.LoadedConfig;
import dev.cornjacket.config.NodeSettings;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code cornjacket run}: production mode, against the configured servers only. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run Cornjacket against the configured servers (production).",
      "Roles come from CORNJACKET_ROLES; see `cornjacket config` for every setting."
    })
final class RunCommand implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Mixin CornjacketCommand.ConfigOption configOption = new CornjacketCommand.ConfigOption();

  @Override
  public Integer call() throws InterruptedException {
    LoadedConfig loaded = ConfigLoader.load(configOption.file());
    Logging.apply(loaded, NodeSettings.LogFormat.JSON);
    if (loaded.config().kafka().bootstrap().isEmpty()) {
      throw new StartupException(
          KafkaSettings.BOOTSTRAP.env()
              + " is not set: `cornjacket run` connects to an existing broker (use `cornjacket dev`"
              + " for the embedded one)");
    }
    CornjacketConfig config = productionAuth(loaded);
    if (config.auth().mode() == AuthSettings.Mode.NONE) {
      log.warn(
          "{}=none: the API accepts requests from anyone who can reach it",
          AuthSettings.MODE.env());
    }
    Lifecycle lifecycle = new Lifecycle();
    Platform platform = lifecycle.startPlatform(config);
    log.info(
        "Cornjacket {} running: HTTP on port {}, roles {}",
        VersionProvider.version(),
        platform.httpPort(),
        config.node().roles());
    lifecycle.awaitShutdown();
    return 0;
  }

  /**
   * Production authenticates by default: an unset {@code CORNJACKET_AUTH_MODE} means {@code jwt},
   * which needs a secret or a JWKS file; {@code none} must be asked for.
   */
  static CornjacketConfig productionAuth(LoadedConfig loaded) {
    CornjacketConfig config = loaded.config();
    if (Ports.isExplicit(loaded, AuthSettings.MODE)) {
      return config;
    }
    AuthSettings auth = config.auth().withMode(AuthSettings.Mode.JWT);
    auth.jwtProblem()
        .ifPresent(
            problem -> {
              throw new StartupException(
                  AuthSettings.MODE.env()
                      + " is unset, so `cornjacket run` authenticates with jwt: "
                      + problem
                      + ". Set "
                      + AuthSettings.MODE.env()
                      + "=none to run without authentication.");
            });
    return config.withAuth(auth);
  }
}
