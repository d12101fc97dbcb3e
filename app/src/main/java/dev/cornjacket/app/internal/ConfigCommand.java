package dev.cornjacket.app.internal;

import dev.cornjacket.config.ConfigDocs;
import dev.cornjacket.config.ConfigLoader;
import dev.cornjacket.config.LoadedConfig;
import dev.cornjacket.config.ResolvedSetting;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cornjacket config}: the effective configuration, secrets masked, with each source. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Print the effective configuration (secrets masked) and where each value came from.")
final class ConfigCommand implements Callable<Integer> {

  @Mixin CornjacketCommand.ConfigOption configOption = new CornjacketCommand.ConfigOption();

  @Option(
      names = "--markdown",
      description = "Print the reference table of every setting (as in the README) instead.")
  boolean markdown;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (markdown) {
      out.print(ConfigDocs.markdownTable());
      out.flush();
      return 0;
    }
    LoadedConfig loaded = ConfigLoader.load(configOption.file());
    int width =
        loaded.settings().stream().mapToInt(s -> s.setting().env().length()).max().orElse(20);
    out.printf("%-" + width + "s  %-40s  %s%n", "SETTING", "VALUE", "SOURCE");
    for (ResolvedSetting s : loaded.settings()) {
      out.printf(
          "%-" + width + "s  %-40s  %s%n", s.setting().env(), s.displayValue(), s.source().label());
    }
    loaded.warnings().forEach(w -> out.println("warning: " + w));
    out.flush();
    return 0;
  }
}
