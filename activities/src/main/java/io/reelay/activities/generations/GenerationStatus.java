package io.reelay.activities.generations;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a generation stands, as its row (generations.status), its timeline's event types and the
 * API spell it: the lower-case name, e.g. {@code "completed"}. The one definition of terminal.
 */
public enum GenerationStatus {
  PENDING,
  PROCESSING,
  COMPLETED,
  FAILED,
  CANCELED,
  /** Refused before it ran (e.g. insufficient credits); the API shows it as failed. */
  REJECTED,
  /** Completed, and its video has since been deleted by retention. */
  EXPIRED;

  private final String word = name().toLowerCase(Locale.ROOT);

  /** The word stored in the database and sent on the wire. */
  public String word() {
    return word;
  }

  /** The word, so a status written into a message or a log reads as the API spells it. */
  @Override
  public String toString() {
    return word;
  }

  /**
   * The word the native API and its webhooks show: a rejected generation is shown as failed
   * (with its error code saying why), every other status as its own word.
   */
  public String apiWord() {
    return this == REJECTED ? FAILED.word : word;
  }

  /**
   * Whether the workflow has finished with it: nothing moves it on again, except retention
   * turning completed into expired.
   */
  public boolean isTerminal() {
    return this != PENDING && this != PROCESSING;
  }

  /** The status a stored word names, or empty for any other word (e.g. an event type). */
  public static Optional<GenerationStatus> of(String word) {
    return Arrays.stream(values()).filter(s -> s.word.equals(word)).findFirst();
  }

  /** Whether a status word (or a timeline event type) is a terminal status. */
  public static boolean isTerminal(String word) {
    return of(word).map(GenerationStatus::isTerminal).orElse(false);
  }

  /** The words of the terminal statuses, for queries that keep a finished generation as it is. */
  public static List<String> terminalWords() {
    return Arrays.stream(values()).filter(GenerationStatus::isTerminal).map(GenerationStatus::word).toList();
  }
}
