package io.reelay.app.compat.vibegen;

import io.reelay.activities.generations.GenerationStatus;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * VibeGen's four task statuses. Its vocabulary has no canceled, rejected or expired: those show
 * as failed, with the reason in the task's error field.
 */
public enum TaskStatus {
  PENDING(EnumSet.of(GenerationStatus.PENDING)),
  PROCESSING(EnumSet.of(GenerationStatus.PROCESSING)),
  COMPLETED(EnumSet.of(GenerationStatus.COMPLETED)),
  FAILED(
      EnumSet.of(
          GenerationStatus.FAILED, GenerationStatus.CANCELED, GenerationStatus.REJECTED, GenerationStatus.EXPIRED));

  private final Set<GenerationStatus> core;

  TaskStatus(Set<GenerationStatus> core) {
    this.core = core;
  }

  /** The word on the wire. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The core's statuses this one stands for (the task list's status filter). */
  public Set<GenerationStatus> coreStatuses() {
    return core;
  }

  /** How a generation's status reads in VibeGen's words. */
  public static TaskStatus of(GenerationStatus status) {
    return Arrays.stream(values()).filter(s -> s.core.contains(status)).findFirst().orElseThrow();
  }

  /** The status a filter word names, or empty for any other word. */
  public static Optional<TaskStatus> ofWord(String word) {
    return Arrays.stream(values()).filter(s -> s.word().equals(word)).findFirst();
  }
}
