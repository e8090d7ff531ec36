package io.reelay.app.compat.vibegen;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorGenerations;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A generation in VibeGen's shapes: as a task, as a create's answer and as a callback. */
@Singleton
public class TaskViews {

  /** What a task keeps in its generation's metadata under {@value TaskRequests#METADATA_KEY}. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  record Kept(@Nullable String model, @Nullable String taskType) {}

  @Serdeable
  record KeptMetadata(@Nullable Kept vibegen) {}

  private final DoorGenerations generations;
  private final JsonMapper json;

  public TaskViews(DoorGenerations generations, JsonMapper json) {
    this.generations = generations;
    this.json = json;
  }

  public Task task(GenerationRecord g) {
    return task(g, kept(g), generations.videoUrl(g));
  }

  public CreatedTask created(GenerationRecord g) {
    Kept kept = kept(g);
    return new CreatedTask(g.id(), TaskStatus.of(g.status()).word(), model(g, kept), taskType(kept), g.createdAt());
  }

  public TaskCallback callback(GenerationRecord g, String event) {
    return callback(g, event, generations.videoUrl(g));
  }

  static Task task(GenerationRecord g, Kept kept, @Nullable String videoUrl) {
    String reason = failureReason(g);
    boolean completed = g.status() == GenerationStatus.COMPLETED;
    return new Task(
        g.id(),
        TaskStatus.of(g.status()).word(),
        model(g, kept),
        taskType(kept),
        g.prompt(),
        completed ? videoUrl : null,
        g.createdAt(),
        completed ? g.completedAt() : null,
        reason,
        reason);
  }

  static TaskCallback callback(GenerationRecord g, String event, @Nullable String videoUrl) {
    boolean completed = g.status() == GenerationStatus.COMPLETED;
    String reason = failureReason(g);
    return new TaskCallback(
        event,
        g.id(),
        TaskStatus.of(g.status()).word(),
        completed ? videoUrl : null,
        reason,
        reason,
        g.createdAt(),
        completed ? g.completedAt() : null,
        completed ? null : g.completedAt());
  }

  /**
   * Why a task shows as failed, in one sentence; null unless it does. Canceled, rejected and
   * expired have no word of their own in VibeGen's vocabulary: the reason says which it was.
   */
  static @Nullable String failureReason(GenerationRecord g) {
    String detail = g.errorMessage() != null ? g.errorMessage() : g.errorCode();
    return switch (g.status()) {
      case PENDING, PROCESSING, COMPLETED -> null;
      case FAILED -> detail == null ? "generation failed" : detail;
      case CANCELED -> "canceled" + (detail == null ? "" : ": " + detail);
      case REJECTED -> "rejected" + (detail == null ? "" : ": " + detail);
      case EXPIRED ->
          "expired: the video was deleted by retention at " + g.expiredAt() + " after it completed at "
              + g.completedAt();
    };
  }

  /** The model name the task was created with; the Reelay model for a generation made elsewhere. */
  static String model(GenerationRecord g, Kept kept) {
    return kept.model() != null ? kept.model() : g.model();
  }

  static String taskType(Kept kept) {
    return TaskType.ofWord(String.valueOf(kept.taskType())).orElse(TaskType.TEXT_TO_VIDEO).word();
  }

  /** The task's own fields from the metadata; empty for a generation not created here. */
  Kept kept(GenerationRecord g) {
    // only a task created here wrote them; a native client's metadata may look alike
    if (!Door.VIBEGEN.word().equals(g.door()) || g.metadataJson() == null) {
      return new Kept(null, null);
    }
    try {
      KeptMetadata metadata = json.readValue(g.metadataJson().getBytes(StandardCharsets.UTF_8), KeptMetadata.class);
      return metadata.vibegen() == null ? new Kept(null, null) : metadata.vibegen();
    } catch (IOException e) {
      // metadata a native client wrote in another shape
      return new Kept(null, null);
    }
  }
}
