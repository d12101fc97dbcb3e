package dev.cornjacket.app.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.NodeSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {

  private ConsoleAppender<ILoggingEvent> console;
  private Encoder<ILoggingEvent> original;

  @BeforeEach
  void rememberTheConsoleEncoder() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    console =
        (ConsoleAppender<ILoggingEvent>)
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
    assertThat(console).as("the CONSOLE appender of logback.xml").isNotNull();
    original = console.getEncoder();
  }

  @AfterEach
  void restoreIt() {
    console.stop();
    console.setEncoder(original);
    console.start();
  }

  @Test
  void shouldWriteJsonLinesByDefaultInRunAndTextInDev() {
    Logging.apply(ConfigLoader.load(Map.of(), Optional.empty()), NodeSettings.LogFormat.TEXT);
    assertThat(console.getEncoder())
        .isInstanceOfSatisfying(
            PatternLayoutEncoder.class, e -> assertThat(e.getPattern()).contains("%msg"));

    Logging.apply(ConfigLoader.load(Map.of(), Optional.empty()), NodeSettings.LogFormat.JSON);
    assertThat(console.getEncoder()).isInstanceOf(JsonEncoder.class);
  }

  @Test
  void shouldFollowTheConfiguredFormatOverTheCommandsDefault() {
    Logging.apply(
        ConfigLoader.load(Map.of("CORNJACKET_LOG_FORMAT", "json"), Optional.empty()),
        NodeSettings.LogFormat.TEXT);
    assertThat(console.getEncoder()).isInstanceOf(JsonEncoder.class);
  }
}
