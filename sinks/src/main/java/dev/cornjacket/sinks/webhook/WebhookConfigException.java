package dev.cornjacket.sinks.webhook;

import java.nio.file.Path;
import java.util.List;

/** The webhooks file is unreadable or invalid; the message names the file and every bad field. */
public final class WebhookConfigException extends IllegalArgumentException {

  private final List<String> problems;

  public WebhookConfigException(Path file, List<String> problems) {
    super("CORNJACKET_WEBHOOKS_FILE " + file + " is invalid:\n  " + String.join("\n  ", problems));
    this.problems = List.copyOf(problems);
  }

  /** Each problem, starting with the field, e.g. {@code endpoints[0].url: is required}. */
  public List<String> problems() {
    return problems;
  }
}
