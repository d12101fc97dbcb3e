package dev.cornjacket.app.internal;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cornjacket}: the top-level command; every action is a subcommand. */
@Command(
    name = "cornjacket",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Event platform for device and security streams, built on Kafka Streams.",
    subcommands = {
      DevCommand.class,
      RunCommand.class,
      ConfigCommand.class,
      ReplayCommand.class,
      DlqCommand.class,
      TokenCommand.class,
      SimulateCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CornjacketCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The options every subcommand shares. */
  static final class ConfigOption {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "Properties file with settings (CORNJACKET_* variables win over it).")
    Path file;

    Optional<Path> file() {
      return Optional.ofNullable(file);
    }
  }

  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new CornjacketCommand());
    commandLine.setExecutionExceptionHandler(new FriendlyErrors());
    return commandLine;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
