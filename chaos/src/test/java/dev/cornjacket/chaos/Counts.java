package dev.cornjacket.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The count line of a fault test: sent, acknowledged, stored, duplicates, missing, 503s. Printed,
 * and appended to {@code target/chaos/counts.txt} for the README.
 */
record Counts(
    String test,
    long sent,
    long acknowledged,
    long stored,
    long duplicates,
    long missing,
    long ingest503,
    String details) {

  static Counts of(String test, Ledger ledger, StoredEvents stored, String details) {
    return new Counts(
        test,
        ledger.sentCount(),
        ledger.acknowledgedCount(),
        stored.stored(),
        stored.duplicates(),
        stored.missing(ledger.acknowledgedIds()).size(),
        ledger.unavailableCount(),
        details + "; attempts " + ledger.outcomes());
  }

  Counts print() {
    String line =
        "%s: sent %d, acknowledged %d, stored %d, duplicates %d, missing %d, ingest 503s %d; %s"
            .formatted(test, sent, acknowledged, stored, duplicates, missing, ingest503, details);
    System.out.println("CHAOS " + line);
    try {
      Path file = Path.of("target", "chaos", "counts.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          Instant.now() + " " + line + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return this;
  }
}
