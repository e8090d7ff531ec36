package io.reelay.app.compat.venice;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.assets.AssetStore;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.Usd;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorGenerations;
import io.reelay.app.compat.DoorModels;
import io.reelay.app.generations.CreateGeneration;
import io.reelay.app.models.ModelCatalog;
import io.reelay.app.models.ModelSpec;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.inject.Named;
import jakarta.validation.Valid;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Venice's asynchronous video API (docs/doors/venice.md) onto Reelay's generations: quote, queue,
 * retrieve (JSON while the job runs, the MP4 once it is done) and complete.
 */
@Controller("/compat/venice/api/v1/video")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
public class VeniceVideoController {

  private static final Logger log = LoggerFactory.getLogger(VeniceVideoController.class);
  private static final MediaType MP4 = MediaType.of("video/mp4");
  /** A failed job: the document's 500 "Generation failed", rendered with status failed. */
  static final String GENERATION_FAILED = "GENERATION_FAILED";

  private final DoorGenerations generations;
  private final DoorModels models;
  private final ModelCatalog catalog;
  private final AssetStore assets;
  private final ExecutorService blocking;

  public VeniceVideoController(
      DoorGenerations generations,
      DoorModels models,
      ModelCatalog catalog,
      AssetStore assets,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.generations = generations;
    this.models = models;
    this.catalog = catalog;
    this.assets = assets;
    this.blocking = blocking;
  }

  /** Exactly the hold POST /queue places with the same parameters. */
  @Post("/quote")
  public VeniceQuote quote(HttpRequest<?> request, @Body @Valid VeniceQuoteRequest body) {
    generations.account(request);
    ModelSpec model = models.resolve(Door.VENICE, body.model());
    return new VeniceQuote(Usd.of(body.options().holdMicros(model)), "USD");
  }

  @Post("/queue")
  public VeniceQueued queue(HttpRequest<?> request, @Body @Valid VeniceQueueRequest body) {
    ModelSpec model = models.resolve(Door.VENICE, body.model());
    CreateGeneration create = CreateGeneration.parse(body.options().nativeRequest(model.id(), body), catalog, null);
    GenerationRecord generation = generations.create(request, Door.VENICE, create, null).generation();
    // admitted, replayed or with admission still undecided: the job is queued either way
    return new VeniceQueued(VeniceJobs.queueId(generation.id()), "queued");
  }

  /**
   * JSON while the job runs; the MP4 once it is done. With delete_media_on_completion the stored
   * video is deleted once this answer has delivered all of it, so a broken download can be retried.
   */
  @Post("/retrieve")
  public HttpResponse<?> retrieve(HttpRequest<?> request, @Body @Valid VeniceJobRequest body) throws IOException {
    GenerationRecord generation = job(request, body);
    switch (VeniceJobs.Answer.of(generation.status())) {
      case WAITING:
        return HttpResponse.ok(VeniceJobs.processing(generation, Instant.now()));
      case FAILED:
        throw new ApiException(HttpStatus.INTERNAL_SERVER_ERROR, GENERATION_FAILED, VeniceJobs.failure(generation));
      case GONE:
        throw gone(generation);
      default:
        break;
    }
    OptionalLong size = generation.assetKey() == null ? OptionalLong.empty() : assets.size(generation.assetKey());
    if (size.isEmpty()) {
      throw gone(generation);
    }
    long length = size.getAsLong();
    InputStream video = assets.open(generation.assetKey(), 0, length);
    if (Boolean.TRUE.equals(body.deleteMediaOnCompletion())) {
      // the stream closes on the server's I/O thread: the deletion (a row and an object) runs elsewhere
      video = new DeliveredOnce(video, length, () -> blocking.execute(() -> delete(request, generation)));
    }
    return HttpResponse.ok(new StreamedFile(video, MP4, generation.completedAt().toEpochMilli(), length))
        .header("Content-Disposition", "inline; filename=\"" + VeniceJobs.queueId(generation.id()) + ".mp4\"");
  }

  /** Deletes the stored video; the charge stands. Nothing to delete (failed, already deleted) is success too. */
  @Post("/complete")
  public VeniceCompleted complete(HttpRequest<?> request, @Body @Valid VeniceJobRequest body) {
    GenerationRecord generation = job(request, body);
    VeniceJobs.Answer answer = VeniceJobs.Answer.of(generation.status());
    if (answer == VeniceJobs.Answer.WAITING) {
      throw ApiException.invalid("queueid", "the job is still " + generation.status() + ": retrieve its video first");
    }
    if (answer == VeniceJobs.Answer.VIDEO) {
      generations.deleteVideo(request, generation.id());
    }
    return new VeniceCompleted(true);
  }

  /** The caller's job, which must be named with a model that maps to the one it was queued on. */
  private GenerationRecord job(HttpRequest<?> request, VeniceJobRequest body) {
    ModelSpec model = models.resolve(Door.VENICE, body.model());
    GenerationRecord generation = generations.find(request, VeniceJobs.generationId(body.queueid()));
    if (!model.id().equals(generation.model())) {
      throw ApiException.invalid("model", "model must be the one the job was queued with");
    }
    return generation;
  }

  private static ApiException gone(GenerationRecord generation) {
    return new ApiException(HttpStatus.NOT_FOUND, "CONTENT_GONE", VeniceJobs.gone(generation));
  }

  private void delete(HttpRequest<?> request, GenerationRecord generation) {
    try {
      generations.deleteVideo(request, generation.id());
    } catch (RuntimeException e) {
      // the client has its video; retention deletes the copy later anyway
      log.warn("venice door: deleting the video of {} after its download failed: {}", generation.id(), e.toString());
    }
  }
}
