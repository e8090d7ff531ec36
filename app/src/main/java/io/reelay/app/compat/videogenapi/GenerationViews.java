package io.reelay.app.compat.videogenapi;

import io.micronaut.json.JsonMapper;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.app.api.Usd;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorGenerations;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;

/** Shows a Reelay generation in VideoGenAPI's words. */
@Singleton
class GenerationViews {

  /** status_url: the document's {@code /v1/status/{id}} under this door (every spelling is served). */
  static final String STATUS_PATH = Door.VIDEOGENAPI.basePath() + "/v1/status/";

  private final DoorGenerations doors;
  private final JsonMapper json;

  GenerationViews(DoorGenerations doors, JsonMapper json) {
    this.doors = doors;
    this.json = json;
  }

  GenerationView of(GenerationRecord generation) {
    Optional<DoorNote> note = DoorNote.read(generation.metadataJson(), json);
    String id = VideoGenApiIds.of(generation.id());
    VideoGenApiStatus status = VideoGenApiStatus.of(generation);
    Failure failure = status == VideoGenApiStatus.FAILED ? Failure.of(generation) : null;
    boolean ended = generation.terminal() && generation.completedAt() != null;
    return new GenerationView(
        true,
        id,
        generation.id(),
        status.word(),
        note.map(n -> n.type().word()).orElse(null),
        new ModelInfo(
            note.map(DoorNote::model).orElse(generation.model()), generation.model(), generation.provider()),
        doors.videoUrl(generation),
        generation.prompt(),
        generation.durationSeconds(),
        generation.resolution(),
        null,
        null,
        generation.aspectRatio(),
        generation.seed(),
        ended ? Duration.between(generation.createdAt(), generation.completedAt()).toSeconds() : null,
        ended ? Timestamps.format(generation.completedAt()) : null,
        STATUS_PATH + id,
        Usd.of(generation.estimatedCostMicros()),
        generation.costMicros() == null ? null : Usd.of(generation.costMicros()),
        failure == null ? null : failure.error(),
        failure == null ? null : failure.message(),
        null);
  }

  /** Why a generation shows as failed: its own error, or what its Reelay status means. */
  record Failure(String error, String message) {

    static Failure of(GenerationRecord generation) {
      GenerationStatus status = generation.status();
      if (status == GenerationStatus.EXPIRED) {
        return new Failure("EXPIRED", "the video was deleted after the retention period; make it again");
      }
      String error = generation.errorCode() != null ? generation.errorCode() : status.name();
      String message =
          generation.errorMessage() != null
              ? generation.errorMessage()
              : status == GenerationStatus.CANCELED ? "the generation was canceled" : "the generation failed";
      return new Failure(error, message);
    }
  }
}
