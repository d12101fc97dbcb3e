package dev.cornjacket.app.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.cornjacket.config.LoadedConfig;
import dev.cornjacket.config.NodeSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the configured log level and format, and reports configuration warnings once logging is
 * set. JSON lines (logback's {@link JsonEncoder}: timestamp, level, thread, logger, message, MDC,
 * throwable) suit log collectors; text suits a terminal.
 */
final class Logging {

  private static final Logger log = LoggerFactory.getLogger(Logging.class);
  private static final String CONSOLE = "CONSOLE";

  /** As in logback.xml. */
  private static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n";

  private Logging() {}

  /**
   * @param defaultFormat the format when {@code CORNJACKET_LOG_FORMAT} is unset: the command's
   */
  static void apply(LoadedConfig loaded, NodeSettings.LogFormat defaultFormat) {
    NodeSettings node = loaded.config().node();
    if (LoggerFactory.getLogger("dev.cornjacket") instanceof ch.qos.logback.classic.Logger own) {
      own.setLevel(Level.toLevel(node.logLevel().name(), Level.INFO));
    }
    useFormat(node.logFormat().orElse(defaultFormat));
    loaded.warnings().forEach(w -> log.warn("{}", w));
  }

  private static void useFormat(NodeSettings.LogFormat format) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    Appender<ILoggingEvent> appender =
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(CONSOLE);
    if (!(appender instanceof ConsoleAppender<ILoggingEvent> console)) {
      return;
    }
    Encoder<ILoggingEvent> encoder;
    if (format == NodeSettings.LogFormat.JSON) {
      JsonEncoder json = new JsonEncoder();
      // the message as read ("formattedMessage"), not its pattern and arguments apart
      json.setWithFormattedMessage(true);
      json.setWithMessage(false);
      json.setWithArguments(false);
      json.setWithContext(false);
      json.setWithNanoseconds(false);
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setPattern(TEXT_PATTERN);
      encoder = text;
    }
    encoder.setContext(context);
    encoder.start();
    console.stop();
    console.setEncoder(encoder);
    console.start();
  }
}
