package dev.cornjacket.app.internal;

import ch.qos.logback.classic.Level;
import dev.cornjacket.config.LoadedConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the configured log level and reports configuration warnings once logging is set. */
final class Logging {

  private static final Logger log = LoggerFactory.getLogger(Logging.class);

  private Logging() {}

  static void apply(LoadedConfig loaded) {
    if (LoggerFactory.getLogger("dev.cornjacket") instanceof ch.qos.logback.classic.Logger own) {
      own.setLevel(Level.toLevel(loaded.config().node().logLevel().name(), Level.INFO));
    }
    loaded.warnings().forEach(w -> log.warn("{}", w));
  }
}
