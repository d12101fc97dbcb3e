package dev.cornjacket.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Secrets from files, the usual container convention: {@code CORNJACKET_PG_PASSWORD_FILE=/run/...}
 * reads {@code CORNJACKET_PG_PASSWORD} from that file (one trailing newline removed). Every secret
 * setting can be given this way; setting both the variable and its {@code _FILE} twin is an error,
 * as is an unreadable or empty file. A {@code _FILE} variable for a setting that is not a secret is
 * a warning: only secrets are read from files.
 */
final class SecretFiles {

  static final String SUFFIX = "_FILE";

  private SecretFiles() {}

  static void read(
      Map<String, String> environment,
      Map<String, Setting<?>> byEnv,
      Map<String, String> raw,
      Map<String, Source> sources,
      List<String> problems,
      List<String> warnings) {
    for (Map.Entry<String, String> entry : environment.entrySet()) {
      String fileVariable = entry.getKey();
      if (!fileVariable.startsWith("CORNJACKET_") || !fileVariable.endsWith(SUFFIX)) {
        continue;
      }
      String env = fileVariable.substring(0, fileVariable.length() - SUFFIX.length());
      Setting<?> setting = byEnv.get(env);
      if (byEnv.containsKey(fileVariable)) {
        continue; // a real setting whose own name ends in _FILE
      }
      if (setting == null) {
        warnings.add(fileVariable + ": unknown setting, ignored (see `cornjacket config`)");
        continue;
      }
      if (!setting.secret()) {
        warnings.add(
            fileVariable
                + ": only secret settings are read from files; set "
                + env
                + " instead (ignored)");
        continue;
      }
      if (environment.containsKey(env)) {
        problems.add(
            env + " and " + fileVariable + " are both set: set the value or the file, not both");
        continue;
      }
      String path = entry.getValue();
      try {
        String value =
            withoutTrailingNewline(Files.readString(Path.of(path), StandardCharsets.UTF_8));
        if (value.isBlank()) {
          problems.add(fileVariable + ": the file '" + path + "' is empty");
          continue;
        }
        raw.put(env, value);
        sources.put(env, Source.SECRET_FILE);
      } catch (IOException | RuntimeException e) {
        problems.add(fileVariable + ": cannot read the file '" + path + "' (" + describe(e) + ")");
      }
    }
  }

  static String withoutTrailingNewline(String content) {
    if (content.endsWith("\r\n")) {
      return content.substring(0, content.length() - 2);
    }
    if (content.endsWith("\n")) {
      return content.substring(0, content.length() - 1);
    }
    return content;
  }

  private static String describe(Exception e) {
    return e instanceof java.nio.file.NoSuchFileException
        ? "no such file"
        : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
