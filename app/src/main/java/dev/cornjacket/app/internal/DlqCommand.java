package dev.cornjacket.app.internal;

import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.CornjacketConfig;
import dev.cornjacket.config.KafkaSettings;
import dev.cornjacket.http.ops.DeadLetterOperations;
import dev.cornjacket.topology.Topics;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cornjacket dlq}: list and replay dead letters on the configured broker. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "List and replay dead letters (the broker comes from CORNJACKET_KAFKA_BOOTSTRAP).",
    subcommands = {DlqCommand.ListCommand.class, DlqCommand.DlqReplayCommand.class})
final class DlqCommand implements Runnable {

  private static final Pattern ID = Pattern.compile("\\d{1,9}:\\d{1,19}");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The selection options of both subcommands. */
  static final class SelectionOptions {
    @Option(
        names = "--stage",
        paramLabel = "STAGE",
        description = "Only this stage (validate, mqtt, score, sink, ...).")
    String stage;

    @Option(names = "--reason", paramLabel = "CODE", description = "Only this reason code.")
    String reason;

    @Option(
        names = "--id",
        paramLabel = "PARTITION:OFFSET",
        description = "Only these dead letters (repeatable), as listed by `cornjacket dlq list`.")
    List<String> ids = new ArrayList<>();

    @Option(
        names = "--limit",
        paramLabel = "N",
        defaultValue = "1000",
        description = "At most N dead letters (1 to 1000, default ${DEFAULT-VALUE}).")
    int limit;

    DeadLetterOperations.Selection selection(boolean dryRun, CommandLine commandLine) {
      for (String id : ids) {
        if (!ID.matcher(id).matches()) {
          throw new CommandLine.ParameterException(
              commandLine, "--id must be PARTITION:OFFSET such as 0:42, got '" + id + "'");
        }
      }
      if (limit < 1 || limit > DeadLetterOperations.MAX_LIMIT) {
        throw new CommandLine.ParameterException(
            commandLine, "--limit must be from 1 to " + DeadLetterOperations.MAX_LIMIT);
      }
      return new DeadLetterOperations.Selection(
          Optional.ofNullable(stage),
          Optional.ofNullable(reason),
          new HashSet<>(ids),
          limit,
          dryRun);
    }
  }

  static DeadLetterOperations deadLetters(CornjacketCommand.ConfigOption configOption) {
    CornjacketConfig config = ConfigLoader.load(configOption.file()).config();
    String bootstrap =
        config
            .kafka()
            .bootstrap()
            .orElseThrow(
                () ->
                    new StartupException(
                        KafkaSettings.BOOTSTRAP.env()
                            + " is not set: `cornjacket dlq` reads the dead letters of a running"
                            + " broker (`cornjacket dev` prints its address)"));
    return new KafkaDeadLetters(
        bootstrap, new Topics(config.kafka().topicPrefix()), Clock.systemUTC());
  }

  static <T> T call(java.util.function.Supplier<T> operation) {
    try {
      return operation.get();
    } catch (DeadLetterOperations.DeadLettersUnavailableException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /** {@code cornjacket dlq list}. */
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = "List dead letters, newest first, with counts per reason and stage.")
  static final class ListCommand implements Callable<Integer> {
    @Mixin CornjacketCommand.ConfigOption configOption = new CornjacketCommand.ConfigOption();
    @Mixin SelectionOptions options = new SelectionOptions();
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      DeadLetterOperations.Selection selection = options.selection(false, spec.commandLine());
      DeadLetterOperations.Page page =
          DlqCommand.call(() -> deadLetters(configOption).browse(selection));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%d dead letters read; by reason %s; by stage %s%n",
          page.scanned(), page.byReason(), page.byStage());
      out.printf(
          "%-12s %-24s %-10s %-22s %-24s %s%n", "ID", "TIME", "STAGE", "REASON", "KEY", "REPLAYED");
      for (DeadLetterOperations.Item item : page.items()) {
        out.printf(
            "%-12s %-24s %-10s %-22s %-24s %s%n",
            item.id(),
            item.time(),
            item.stage(),
            item.reason(),
            item.key(),
            item.replayedAt() == null ? "-" : item.replayedAt());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code cornjacket dlq replay}. */
  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      versionProvider = VersionProvider.class,
      description = {
        "Re-send the selected dead letters' original bytes to the raw topic, oldest first, and"
            + " record that they were replayed; ones replayed before are skipped.",
        "Select with --stage, --reason and/or --id (at least one)."
      })
  static final class DlqReplayCommand implements Callable<Integer> {
    @Mixin CornjacketCommand.ConfigOption configOption = new CornjacketCommand.ConfigOption();
    @Mixin SelectionOptions options = new SelectionOptions();

    @Option(names = "--dry-run", description = "Only show what would be re-sent.")
    boolean dryRun;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      if (options.stage == null && options.reason == null && options.ids.isEmpty()) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "select dead letters with --stage, --reason or --id (a replay of all is refused)");
      }
      DeadLetterOperations.Selection selection = options.selection(dryRun, spec.commandLine());
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          (dryRun ? "Dry run: selecting" : "Replaying")
              + " dead letters"
              + (options.stage == null ? "" : " of stage " + options.stage)
              + (options.reason == null ? "" : " with reason " + options.reason)
              + (options.ids.isEmpty() ? "" : " among " + options.ids.size() + " ids")
              + " ...");
      out.flush();
      DeadLetterOperations.ReplayReport report =
          DlqCommand.call(() -> deadLetters(configOption).replay(selection));
      report.ids().forEach(id -> out.println((dryRun ? "would send " : "sent ") + id));
      report.skippedIds().forEach(id -> out.println("skipped " + id + " (replayed before)"));
      out.printf(
          "%d matched, %d %s, %d skipped (replayed before)%n",
          report.matched(),
          dryRun ? report.ids().size() : report.sent(),
          dryRun ? "would be sent (dry run: nothing sent)" : "sent to the raw topic",
          report.skipped());
      out.flush();
      return 0;
    }
  }
}
