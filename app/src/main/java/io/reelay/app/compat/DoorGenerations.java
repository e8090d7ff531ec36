package io.reelay.app.compat;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import io.micronaut.http.HttpRequest;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.activities.retention.VideoRemoval;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiException;
import io.reelay.app.generations.CreateGeneration;
import io.reelay.app.generations.GenerationLauncher;
import io.reelay.app.generations.ImageIntake;
import io.reelay.app.generations.VideoLinks;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.UUID;

/**
 * A door's way into the core: the same creates, reads and deletes the native API makes, for the
 * authenticated caller. A door translates shapes and words; everything else happens here, once.
 */
@Singleton
public class DoorGenerations {

  private final ApiAuth auth;
  private final ImageIntake imageIntake;
  private final GenerationLauncher launcher;
  private final GenerationStore generations;
  private final VideoLinks videoLinks;
  private final VideoRemoval videoRemoval;

  public DoorGenerations(
      ApiAuth auth,
      ImageIntake imageIntake,
      GenerationLauncher launcher,
      GenerationStore generations,
      VideoLinks videoLinks,
      VideoRemoval videoRemoval) {
    this.auth = auth;
    this.imageIntake = imageIntake;
    this.launcher = launcher;
    this.generations = generations;
    this.videoLinks = videoLinks;
    this.videoRemoval = videoRemoval;
  }

  /** The calling account (authenticated and rate-limited by the API-key filter already). */
  public UUID account(HttpRequest<?> request) {
    return auth.account(request);
  }

  /**
   * An ordinary generation, recorded as created through {@code door}: input images fetched and
   * checked, credits held, the workflow started. Refusals are {@link ApiException}s (402 ...).
   */
  public GenerationLauncher.Launch create(
      HttpRequest<?> request, Door door, CreateGeneration create, @Nullable String idempotencyKey) {
    UUID account = account(request);
    List<ImageIntake.Received> images = create.hasImages() ? imageIntake.receive(create) : List.of();
    return launcher.launch(account, create, idempotencyKey, images, door.word());
  }

  /** The caller's generation; 404 NOT_FOUND for another account's or none. */
  public GenerationRecord find(HttpRequest<?> request, UUID generationId) {
    return generations.find(account(request), generationId).orElseThrow(() -> ApiException.notFound("generation"));
  }

  /** Page {@code pageNumber} (from 0) of the caller's generations, newest first, with the total. */
  public Page<GenerationRecord> page(
      HttpRequest<?> request, @Nullable GenerationStatus status, int pageNumber, int pageSize) {
    return generations.pageByNumber(account(request), status, pageNumber, pageSize);
  }

  /** A signed, expiring link to the stored video (no Authorization needed); null unless completed. */
  public String videoUrl(GenerationRecord generation) {
    return videoLinks.url(generation);
  }

  /**
   * Deletes the caller's stored video now (the generation shows expired; its content answers 410);
   * answers whether this call deleted it. The charge stands: the video was delivered.
   */
  public boolean deleteVideo(HttpRequest<?> request, UUID generationId) {
    return videoRemoval.remove(find(request, generationId).id());
  }
}
