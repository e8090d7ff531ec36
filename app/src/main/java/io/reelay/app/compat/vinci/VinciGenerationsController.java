package io.reelay.app.compat.vinci;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.billing.Ledger;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.FieldRules;
import io.reelay.app.api.Usd;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorGenerations;
import io.reelay.app.compat.DoorModels;
import io.reelay.app.generations.CreateGeneration;
import io.reelay.app.generations.CreateGenerationRequest;
import io.reelay.app.models.ModelCatalog;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.Valid;
import java.io.IOException;
import java.util.UUID;

/**
 * Vinci's video endpoints: text-to-video (JSON), image-to-video (multipart) and status. A create
 * is the core's create with the door's default model (Vinci has no model field).
 */
@Controller("/compat/vinci/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
public class VinciGenerationsController {

  private final DoorGenerations doors;
  private final DoorModels models;
  private final ModelCatalog catalog;
  private final Ledger ledger;

  public VinciGenerationsController(DoorGenerations doors, DoorModels models, ModelCatalog catalog, Ledger ledger) {
    this.doors = doors;
    this.models = models;
    this.catalog = catalog;
    this.ledger = ledger;
  }

  @Post(value = "/generate/text-to-video", consumes = MediaType.ALL)
  public GenerationSubmitted textToVideo(HttpRequest<?> request, @Body @Valid TextToVideoRequest body) {
    return submit(
        request,
        body.prompt(),
        body.durationSeconds(),
        body.aspectRatio() == null ? VinciRules.DEFAULT_ASPECT_RATIO : body.aspectRatio(),
        VinciMapping.seed(body.seed()),
        null);
  }

  /** The form's parts arrive as text: duration_seconds is read here, as Vinci's server reads it. */
  @Post(value = "/generate/image-to-video", consumes = MediaType.MULTIPART_FORM_DATA)
  public GenerationSubmitted imageToVideo(
      HttpRequest<?> request,
      @Nullable @Part("image") CompletedFileUpload image,
      @Nullable @Part("prompt") String prompt,
      @Nullable @Part("duration_seconds") String durationSeconds) {
    if (image == null) {
      throw ApiException.invalid("image", "image is required: a JPEG or PNG file part");
    }
    if (prompt == null) {
      throw ApiException.invalid("prompt", "prompt is required");
    }
    byte[] upload;
    try {
      upload = image.getBytes();
    } catch (IOException e) {
      throw ApiException.invalid("image", "the image part could not be read");
    }
    return submit(request, prompt, formSeconds(durationSeconds), null, null, upload);
  }

  @Get("/status/{request_id}")
  public GenerationStatusView status(HttpRequest<?> request, @PathVariable("request_id") String requestId) {
    UUID id = VinciMapping.generationId(requestId).orElseThrow(() -> ApiException.notFound("request " + requestId));
    GenerationRecord generation = doors.find(request, id);
    return VinciMapping.statusView(generation, doors.videoUrl(generation));
  }

  private GenerationSubmitted submit(
      HttpRequest<?> request,
      String prompt,
      @Nullable Integer durationSeconds,
      @Nullable String aspectRatio,
      @Nullable Long seed,
      @Nullable byte[] image) {
    int duration = durationSeconds == null ? VinciRules.DEFAULT_SECONDS : durationSeconds;
    CreateGeneration create =
        CreateGeneration.parse(
            new CreateGenerationRequest(
                models.resolve(Door.VINCI, null).id(), prompt, null, duration, aspectRatio, null, seed, null, null, null,
                null, null, null, null),
            catalog,
            image);
    GenerationRecord generation;
    try {
      generation = doors.create(request, Door.VINCI, create, null).generation();
    } catch (ApiException e) {
      if (e.status() != HttpStatus.PAYMENT_REQUIRED) {
        throw e;
      }
      // Vinci's 402 names the balance and what the request needed
      long available = ledger.balance(doors.account(request)).map(Ledger.Balance::availableMicros).orElse(0L);
      throw VinciErrors.insufficientBalance(
          e, available, create.model().estimateMicros(create.durationSeconds(), create.resolution(), create.audio()));
    }
    return new GenerationSubmitted(
        VinciMapping.requestId(generation.id()),
        VinciMapping.status(generation.status()),
        Usd.of(generation.estimatedCostMicros()),
        generation.durationSeconds());
  }

  private static Integer formSeconds(@Nullable String raw) {
    if (raw == null || raw.isBlank()) {
      return null;
    }
    try {
      return (int) FieldRules.inRange("duration_seconds", Integer.parseInt(raw.trim()), VinciRules.MIN_SECONDS, VinciRules.MAX_SECONDS);
    } catch (NumberFormatException e) {
      throw ApiException.invalid("duration_seconds", VinciRules.DURATION_RULE);
    }
  }
}
