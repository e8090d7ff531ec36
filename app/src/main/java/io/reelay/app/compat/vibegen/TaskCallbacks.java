package io.reelay.app.compat.vibegen;

import io.reelay.activities.generations.GenerationStatus;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.activities.webhooks.DoorWebhookPayloads;
import io.reelay.app.compat.Door;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * The callbacks of tasks created through this door: task.completed or task.failed (canceled
 * included) in VibeGen's body, delivered by the webhook machinery like every webhook (retries,
 * attempt records, the address rule, and Reelay's Standard Webhooks signature headers).
 */
@Singleton
public class TaskCallbacks implements DoorWebhookPayloads {

  static final String COMPLETED = "task.completed";
  static final String FAILED = "task.failed";

  private final GenerationStore generations;
  private final TaskViews views;

  public TaskCallbacks(GenerationStore generations, TaskViews views) {
    this.generations = generations;
    this.views = views;
  }

  @Override
  public String door() {
    return Door.VIBEGEN.word();
  }

  @Override
  public String eventType(GenerationStatus state) {
    return state == GenerationStatus.COMPLETED ? COMPLETED : FAILED;
  }

  @Override
  public TaskCallback body(UUID accountId, UUID generationId, String eventType) {
    return views.callback(
        generations
            .find(accountId, generationId)
            .orElseThrow(() -> new IllegalStateException("generation " + generationId + " has no row")),
        eventType);
  }
}
