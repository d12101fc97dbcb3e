package dev.cornjacket.config;

/** Renders the configuration reference from the setting declarations, so docs cannot drift. */
public final class ConfigDocs {

  private ConfigDocs() {}

  /** A Markdown table of every setting: variable, type, default, description. */
  public static String markdownTable() {
    StringBuilder table =
        new StringBuilder(
            "| variable | type | default | description |\n| --- | --- | --- | --- |\n");
    for (Setting<?> s : CornjacketConfig.allSettings()) {
      table
          .append("| `")
          .append(s.env())
          .append("` | ")
          .append(s.type().name().replace("|", "\\|"))
          .append(" | ")
          .append(s.defaultValue() == null ? "(unset)" : "`" + s.defaultValue() + "`")
          .append(" | ")
          .append(s.description().replace("|", "\\|"))
          .append(" |\n");
    }
    return table.toString();
  }
}
