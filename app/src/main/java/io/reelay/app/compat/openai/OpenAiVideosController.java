package io.reelay.app.compat.openai;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.app.api.ApiException;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorGenerations;
import io.reelay.app.compat.DoorModels;
import io.reelay.app.generations.CreateGeneration;
import io.reelay.app.generations.CreateGenerationRequest;
import io.reelay.app.generations.GenerationLauncher;
import io.reelay.app.generations.GenerationsController;
import io.reelay.app.generations.VideoFiles;
import io.reelay.app.models.ModelCatalog;
import io.reelay.app.models.ModelSpec;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.Valid;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * OpenAI's Videos API (the {@code /v1/videos} shape new-api and LiteLLM serve too) onto the
 * core: create (JSON or multipart), retrieve, list, content and delete. Remix has no counterpart
 * here and is refused.
 */
@Controller("/compat/openai/v1/videos")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden // the door's reference is docs/doors/openai.md, not the native OpenAPI document
public class OpenAiVideosController {

  /** How long the SDKs' poll helpers wait between retrieves (header openai-poll-after-ms). */
  private static final String POLL_AFTER_MS = "1000";

  private final DoorGenerations doors;
  private final DoorModels models;
  private final ModelCatalog catalog;
  private final GenerationStore generations;
  private final VideoFiles files;

  public OpenAiVideosController(
      DoorGenerations doors, DoorModels models, ModelCatalog catalog, GenerationStore generations, VideoFiles files) {
    this.doors = doors;
    this.models = models;
    this.catalog = catalog;
    this.generations = generations;
    this.files = files;
  }

  /** A JSON create; the input image is input_reference.image_url. Answers 200, as OpenAI does. */
  @Post(consumes = MediaType.ALL)
  public HttpResponse<Video> create(
      HttpRequest<?> request, @Body @Valid CreateVideoRequest body, @Header("Idempotency-Key") Optional<String> idempotencyKey) {
    VideoOrders.checkCharacters(body.characterIds());
    return launch(
        request, body.model(), body.prompt(), VideoOrders.seconds(body.seconds()), body.size(),
        VideoOrders.imageUrl(body.inputReference()), null, idempotencyKey);
  }

  /** A multipart create, as the SDKs send one with an image: the file part input_reference. */
  @Post(consumes = MediaType.MULTIPART_FORM_DATA)
  public HttpResponse<Video> createFromForm(
      HttpRequest<?> request,
      @Nullable @Part("model") String model,
      @Nullable @Part("prompt") String prompt,
      @Nullable @Part("seconds") String seconds,
      @Nullable @Part("size") String size,
      @Nullable @Part("input_reference") CompletedFileUpload inputReference,
      @Nullable @Part("character_ids") List<String> characterIds,
      @Header("Idempotency-Key") Optional<String> idempotencyKey) {
    if (prompt == null) {
      throw ApiException.invalid("prompt", "prompt is required");
    }
    VideoOrders.checkCharacters(characterIds);
    byte[] image;
    try {
      image = inputReference == null ? null : inputReference.getBytes();
    } catch (IOException e) {
      throw ApiException.invalid("input_reference", "the input_reference file could not be read");
    }
    return launch(request, model, prompt, seconds, size, null, image, idempotencyKey);
  }

  private HttpResponse<Video> launch(
      HttpRequest<?> request,
      @Nullable String modelName,
      String prompt,
      @Nullable String seconds,
      @Nullable String size,
      @Nullable String imageUrl,
      @Nullable byte[] image,
      Optional<String> idempotencyKey) {
    ModelSpec model = models.resolve(Door.OPENAI, modelName);
    CreateGenerationRequest fields = VideoOrders.toNative(model.id(), prompt, seconds, size, imageUrl);
    CreateGeneration create = CreateGeneration.parse(fields, catalog, image);
    GenerationLauncher.Launch launch =
        doors.create(request, Door.OPENAI, create, GenerationsController.checkedIdempotencyKey(idempotencyKey));
    // 200 for a new video, an Idempotency-Key's replay and an admission still being decided alike
    return withPollHint(HttpResponse.ok(VideoViews.of(launch.generation())), launch.generation());
  }

  @Get("/{video_id}")
  public HttpResponse<Video> retrieve(HttpRequest<?> request, @PathVariable("video_id") String videoId) {
    GenerationRecord generation = find(request, videoId);
    return withPollHint(HttpResponse.ok(VideoViews.of(generation)), generation);
  }

  /**
   * The caller's videos (made through any API), newest first unless order=asc; the next page
   * starts after the video {@code after} names.
   */
  @Get
  public VideoList list(
      HttpRequest<?> request,
      @QueryValue Optional<String> after,
      @QueryValue Optional<String> limit,
      @QueryValue Optional<String> order) {
    int pageSize = VideoPages.limit(limit.orElse(null));
    boolean oldestFirst = VideoPages.oldestFirst(order.orElse(null));
    GenerationStore.PagePosition from = null;
    if (after.isPresent() && !after.get().isEmpty()) {
      GenerationRecord last =
          VideoIds.parse(after.get())
              .flatMap(id -> generations.find(doors.account(request), id))
              .orElseThrow(() -> ApiException.invalid("after", "after must be the id of one of your videos"));
      from = new GenerationStore.PagePosition(last.createdAt(), last.id());
    }
    UUID account = doors.account(request);
    // one more than asked tells whether another page follows
    List<GenerationRecord> rows =
        oldestFirst
            ? generations.listOldestFirst(account, from, pageSize + 1)
            : generations.list(account, null, from, pageSize + 1);
    boolean hasMore = rows.size() > pageSize;
    return VideoList.of(rows.stream().limit(pageSize).map(VideoViews::of).toList(), hasMore);
  }

  /**
   * The MP4 (variant video, the default), with Range; Reelay makes no thumbnail or spritesheet, so
   * those variants are not found.
   */
  @Get("/{video_id}/content")
  public MutableHttpResponse<?> content(
      HttpRequest<?> request,
      @PathVariable("video_id") String videoId,
      @QueryValue Optional<String> variant,
      @Header("Range") Optional<String> range)
      throws IOException {
    GenerationRecord generation = find(request, videoId);
    switch (variant.filter(v -> !v.isEmpty()).orElse("video")) {
      case "video" -> {
        return files.serve(generation, range);
      }
      case "thumbnail", "spritesheet" -> throw new ApiException(
          HttpStatus.NOT_FOUND,
          "NOT_FOUND",
          "this server makes no " + variant.get() + " for a video: only variant=video is available",
          "variant");
      default -> throw ApiException.invalid("variant", "variant must be one of 'video', 'thumbnail', 'spritesheet'");
    }
  }

  /**
   * Deletes the stored video (its content is gone afterwards; the charge stands). A video still
   * being made cannot be deleted yet (409); a failed one has nothing stored and answers deleted.
   */
  @Delete("/{video_id}")
  public DeletedVideo delete(HttpRequest<?> request, @PathVariable("video_id") String videoId) {
    GenerationRecord generation = find(request, videoId);
    if (!generation.terminal()) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "VIDEO_NOT_FINISHED",
          "video " + VideoIds.of(generation.id()) + " is still " + VideoStatus.of(generation.status()).word()
              + "; delete it once it has completed or failed");
    }
    doors.deleteVideo(request, generation.id());
    return DeletedVideo.of(VideoIds.of(generation.id()));
  }

  /** Remixing re-renders a finished video; Reelay's models have no such operation. */
  @Post("/{video_id}/remix")
  public HttpResponse<Video> remix(HttpRequest<?> request, @PathVariable("video_id") String videoId) {
    find(request, videoId);
    throw new ApiException(
        HttpStatus.BAD_REQUEST, "UNSUPPORTED", "remixing a video is not supported by this server", "video_id");
  }

  private GenerationRecord find(HttpRequest<?> request, String videoId) {
    UUID id = VideoIds.parse(videoId).orElseThrow(() -> noSuchVideo(videoId));
    try {
      return doors.find(request, id);
    } catch (ApiException e) {
      if (e.status() == HttpStatus.NOT_FOUND) {
        throw noSuchVideo(videoId);
      }
      throw e;
    }
  }

  private static ApiException noSuchVideo(String videoId) {
    return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND", "no video found with id '" + videoId + "'", "video_id");
  }

  /** While a video is being made, the SDKs' poll helpers read how long to wait from this header. */
  private static <T> MutableHttpResponse<T> withPollHint(MutableHttpResponse<T> response, GenerationRecord generation) {
    if (!generation.terminal()) {
      response.header("openai-poll-after-ms", POLL_AFTER_MS);
    }
    return response;
  }
}
