package dev.cornjacket.config;

/** Where the effective value of a setting came from. Later sources win. */
public enum Source {
  DEFAULT,
  FILE,
  ENVIRONMENT;

  public String label() {
    return switch (this) {
      case DEFAULT -> "default";
      case FILE -> "file";
      case ENVIRONMENT -> "env";
    };
  }
}
