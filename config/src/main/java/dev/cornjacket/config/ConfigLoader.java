package dev.cornjacket.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Loads the configuration from defaults, an optional properties file and the environment (the
 * environment wins). Keys in the file may be written as variables ({@code CORNJACKET_HTTP_PORT}) or
 * as properties ({@code http.port}). Every problem is collected; loading fails with all of them at
 * once.
 */
public final class ConfigLoader {

  private static final String ENV_PREFIX = "CORNJACKET_";

  private ConfigLoader() {}

  /** Loads from the process environment and an optional file. */
  public static LoadedConfig load(Optional<Path> file) {
    return load(System.getenv(), file);
  }

  /**
   * Loads from the given environment and optional file.
   *
   * @throws ConfigException listing every problem, each naming its variable
   */
  public static LoadedConfig load(Map<String, String> environment, Optional<Path> file) {
    Map<String, Setting<?>> byEnv =
        CornjacketConfig.allSettings().stream()
            .collect(Collectors.toMap(Setting::env, Function.identity()));
    Map<String, String> raw = new HashMap<>();
    Map<String, Source> sources = new HashMap<>();
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();

    file.ifPresent(f -> readFile(f, byEnv, raw, sources, problems));
    environment.forEach(
        (name, value) -> {
          if (byEnv.containsKey(name)) {
            raw.put(name, value);
            sources.put(name, Source.ENVIRONMENT);
          } else if (name.startsWith(ENV_PREFIX) && !name.endsWith(SecretFiles.SUFFIX)) {
            warnings.add(name + ": unknown setting, ignored (see `cornjacket config`)");
          }
        });
    SecretFiles.read(environment, byEnv, raw, sources, problems, warnings);

    SettingsReader reader = new SettingsReader(raw, sources);
    CornjacketConfig config = CornjacketConfig.read(reader);
    problems.addAll(reader.problems());
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new LoadedConfig(config, reader.resolved(), warnings);
  }

  private static void readFile(
      Path file,
      Map<String, Setting<?>> byEnv,
      Map<String, String> raw,
      Map<String, Source> sources,
      List<String> problems) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      problems.add("--config " + file + ": cannot be read (" + e.getMessage() + ")");
      return;
    }
    Map<String, String> envByProperty =
        byEnv.values().stream().collect(Collectors.toMap(Setting::propertyKey, Setting::env));
    for (String key : properties.stringPropertyNames()) {
      String env = byEnv.containsKey(key) ? key : envByProperty.get(key);
      if (env == null) {
        problems.add("--config " + file + ": unknown setting '" + key + "'");
      } else {
        raw.put(env, properties.getProperty(key));
        sources.put(env, Source.FILE);
      }
    }
  }
}
