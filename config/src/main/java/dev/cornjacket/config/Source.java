package dev.cornjacket.config;

/** Where the effective value of a setting came from. Later sources win. */
public enum Source {
  DEFAULT,
  FILE,
  ENVIRONMENT,
  /** A secret read from the file named by its {@code _FILE} variable. */
  SECRET_FILE;

  public String label() {
    return switch (this) {
      case DEFAULT -> "default";
      case FILE -> "file";
      case ENVIRONMENT -> "env";
      case SECRET_FILE -> "env _FILE";
    };
  }
}
