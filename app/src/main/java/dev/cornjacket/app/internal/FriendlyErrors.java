package dev.cornjacket.app.internal;

import dev.cornjacket.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Turns the failures a user can fix (bad configuration, a port in use, a server that would not
 * start) into a short message and exit code 2 instead of a stack trace. Anything else is a bug and
 * keeps its stack trace.
 */
final class FriendlyErrors implements CommandLine.IExecutionExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(FriendlyErrors.class);

  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    if (e instanceof ConfigException
        || e instanceof StartupException
        || e instanceof dev.cornjacket.app.simulate.SimulationException) {
      commandLine.getErr().println(commandLine.getColorScheme().errorText(e.getMessage()));
      return 2;
    }
    log.error("cornjacket {} failed", commandLine.getCommandName(), e);
    return 1;
  }
}
