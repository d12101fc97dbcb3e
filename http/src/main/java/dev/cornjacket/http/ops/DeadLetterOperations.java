package dev.cornjacket.http.ops;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Browsing and replaying dead letters, served as {@code GET /api/v1/ops/dlq} and {@code POST
 * /api/v1/ops/dlq/replay}; the application plugs in the implementation (also used by {@code
 * cornjacket dlq replay}).
 *
 * <p>A dead letter is named by its coordinates in the dead-letter topic, {@code partition:offset}
 * (its {@link Item#id()}).
 */
public interface DeadLetterOperations {

  /** The most dead letters one answer or one replay may hold. */
  int MAX_LIMIT = 1000;

  /**
   * The newest dead letters that match, newest first, with counts per reason and stage over every
   * dead letter read.
   *
   * @throws DeadLettersUnavailableException when the broker cannot be read now
   */
  Page browse(Selection selection);

  /**
   * Re-sends the selected dead letters that were not replayed before to the raw topic and records
   * that they were; with {@link Selection#dryRun()} only reports what it would send.
   *
   * @throws DeadLettersUnavailableException when the broker cannot be read or written now
   */
  ReplayReport replay(Selection selection);

  /**
   * Which dead letters: every given criterion must hold.
   *
   * @param stage only this stage ({@code validate}, {@code mqtt}, ...)
   * @param reason only this reason code
   * @param ids only these {@code partition:offset} coordinates; empty means any
   * @param limit at most this many (1 to {@link #MAX_LIMIT})
   * @param dryRun for a replay: report, send nothing
   */
  record Selection(
      Optional<String> stage, Optional<String> reason, Set<String> ids, int limit, boolean dryRun) {
    public Selection {
      stage = stage.filter(s -> !s.isBlank());
      reason = reason.filter(r -> !r.isBlank());
      ids = Set.copyOf(ids);
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new IllegalArgumentException(
            "limit must be from 1 to " + MAX_LIMIT + ", got " + limit);
      }
    }
  }

  /**
   * One dead letter.
   *
   * @param id {@code partition:offset} in the dead-letter topic
   * @param key the original key, {@code null} when there was none
   * @param origin {@code topic/partition/offset} of the original record, {@code null} when unknown
   * @param value the original bytes as text (UTF-8, cut to a preview)
   * @param valueBytes the length of the original bytes ({@code -1} for none)
   * @param replayedAt when it was replayed; {@code null} when it was not
   */
  record Item(
      String id,
      String key,
      String reason,
      String message,
      String stage,
      String source,
      String origin,
      Instant time,
      String value,
      int valueBytes,
      Instant replayedAt) {}

  /**
   * An answer of {@link #browse}.
   *
   * @param items newest first
   * @param scanned how many dead letters were read
   * @param byReason how many of those have each reason
   * @param byStage how many of those have each stage
   * @param unreadable records in the topic that are not dead letters in the platform's format
   */
  record Page(
      List<Item> items,
      long scanned,
      Map<String, Long> byReason,
      Map<String, Long> byStage,
      long unreadable) {
    public Page {
      items = List.copyOf(items);
      byReason = Map.copyOf(byReason);
      byStage = Map.copyOf(byStage);
    }
  }

  /**
   * What a replay did.
   *
   * @param matched dead letters selected
   * @param sent re-sent to the raw topic now (0 on a dry run)
   * @param skipped selected but replayed before, so not sent again
   * @param dryRun nothing was sent
   * @param ids the coordinates of the ones sent (or that would be)
   * @param skippedIds the coordinates of the ones replayed before
   */
  record ReplayReport(
      int matched,
      int sent,
      int skipped,
      boolean dryRun,
      List<String> ids,
      List<String> skippedIds) {
    public ReplayReport {
      ids = List.copyOf(ids);
      skippedIds = List.copyOf(skippedIds);
    }
  }

  /** The dead-letter topic cannot be read, or the raw topic written, now. */
  final class DeadLettersUnavailableException extends RuntimeException {
    public DeadLettersUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
