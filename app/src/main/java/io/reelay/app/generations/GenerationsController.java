package io.reelay.app.generations;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Part;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.PublicUrl;
import io.reelay.activities.observability.GenerationContext;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiErrorBody;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.ApiKeyErrors;
import io.reelay.app.models.ModelCatalog;
import io.reelay.workflows.generation.GenerationIds;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.links.Link;
import io.swagger.v3.oas.annotations.links.LinkParameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.Validator;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** The native generation API: create, read, list, cancel, download. */
@Controller("/v1/generations")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "generations")
@ApiKeyErrors
public class GenerationsController {

  /**
   * The statuses a list may filter on, empty for none: every one the API shows (rejected shows as
   * failed). GenerationStatus's words; ListQueryRulesTest keeps the two in step.
   */
  static final String LISTED_STATUS_WORDS = "pending, processing, completed, failed, canceled, expired";
  static final String LISTED_STATUS = "^(pending|processing|completed|failed|canceled|expired)?$";
  private static final String LIMIT_RULE = "limit must be an integer from 1 to 100";

  private final ApiAuth auth;
  private final ModelCatalog catalog;
  private final GenerationLauncher launcher;
  private final GenerationStore generations;
  private final GenerationJson json;
  private final WorkflowClient temporal;
  private final String publicUrl;

  private final ImageIntake imageIntake;
  private final JsonMapper jsonMapper;
  private final Validator validator;
  private final GenerationCompletion completion;

  private final VideoFiles videoFiles;

  public GenerationsController(
      ApiAuth auth,
      ModelCatalog catalog,
      GenerationLauncher launcher,
      GenerationStore generations,
      GenerationJson json,
      WorkflowClient temporal,
      PublicUrl publicUrl,
      ImageIntake imageIntake,
      JsonMapper jsonMapper,
      GenerationCompletion completion,
      VideoFiles videoFiles,
      Validator validator) {
    this.validator = validator;
    this.videoFiles = videoFiles;
    this.imageIntake = imageIntake;
    this.completion = completion;
    this.jsonMapper = jsonMapper;
    this.auth = auth;
    this.catalog = catalog;
    this.launcher = launcher;
    this.generations = generations;
    this.json = json;
    this.temporal = temporal;
    this.publicUrl = publicUrl.base();
  }

  /** With {@code Prefer: wait=N} the answer waits up to N s for the generation to end. */
  @Post(consumes = MediaType.ALL)
  @Operation(
      operationId = "createGeneration",
      summary = "Create a generation",
      description =
          "Answers once admission is known: the credits are held (201) or refused (402). A JSON body,"
              + " or the same fields as a multipart form with the first frame as the file part image.")
  @RequestBody(
      required = true,
      content = {
        @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreateGenerationRequest.class)),
        @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = CreateGenerationForm.Parts.class))
      })
  @ApiResponse(
      responseCode = "201",
      description = "Admitted: the estimated cost is held.",
      headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Preference-Applied", description = "wait=N, when Prefer: wait was honoured.", schema = @Schema(type = "string")),
      content = @Content(schema = @Schema(implementation = GenerationResponse.class)),
      links = {
        @Link(name = "get", operationId = "getGeneration", parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
        @Link(name = "cancel", operationId = "cancelGeneration", parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
        @Link(name = "content", operationId = "getGenerationContent", parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
        @Link(name = "events", operationId = "getGenerationEvents", parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
        @Link(name = "deliveries", operationId = "listWebhookDeliveries", parameters = @LinkParameter(name = "id", expression = "$response.body#/id")),
        @Link(name = "redeliver", operationId = "redeliverWebhook", parameters = @LinkParameter(name = "id", expression = "$response.body#/id"))
      })
  @ApiResponse(responseCode = "200", description = "A repeat of an Idempotency-Key: the generation it created.", content = @Content(schema = @Schema(implementation = GenerationResponse.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER (also for malformed JSON); param names the field.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "402", description = "INSUFFICIENT_CREDITS: nothing is reserved or charged.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "409", description = "IDEMPOTENCY_KEY_REUSED with other parameters.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "413", description = "PAYLOAD_TOO_LARGE: an input image, or the body, is over the cap.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "503", description = "UNAVAILABLE (Temporal could not be reached) or OVERLOADED (too many generations waiting to be submitted; Retry-After): nothing was started or charged.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public CompletableFuture<HttpResponse<?>> create(
      HttpRequest<?> request,
      @Parameter(hidden = true) @Body @Valid CreateGenerationRequest body,
      @Parameter(description = "Makes a retried create safe: 1 to 255 printable ASCII characters.", schema = @Schema(minLength = 1, maxLength = 255))
          @Header("Idempotency-Key") Optional<String> idempotencyKey,
      @Parameter(description = "wait=N (0 to 60): answer when the generation ends, or after N s (RFC 7240).", example = "wait=30")
          @Header("Prefer") Optional<String> prefer) {
    UUID account = auth.account(request);
    String key = checkedIdempotencyKey(idempotencyKey);
    // every Prefer header counts, not just the one bound above for the OpenAPI document
    Optional<WaitPreference> wait = WaitPreference.of(request.getHeaders().getAll("Prefer"));
    CreateGeneration create = CreateGeneration.parse(body, catalog, null);
    return launch(account, create, key, wait);
  }

  /**
   * The multipart form of create: the same fields as text parts (reference_image_urls repeated
   * or as a JSON array) and the image to animate as the file part {@code image}.
   */
  @Post(consumes = MediaType.MULTIPART_FORM_DATA)
  @Hidden // the same operation as create, whose annotations describe both forms of the body
  @ExecuteOn(TaskExecutors.BLOCKING)
  public CompletableFuture<HttpResponse<?>> createFromForm(
      HttpRequest<?> request,
      @Nullable @Part("model") String model,
      @Nullable @Part("prompt") String prompt,
      @Nullable @Part("negative_prompt") String negativePrompt,
      @Nullable @Part("duration_seconds") String durationSeconds,
      @Nullable @Part("aspect_ratio") String aspectRatio,
      @Nullable @Part("resolution") String resolution,
      @Nullable @Part("seed") String seed,
      @Nullable @Part("audio") String audio,
      @Nullable @Part("audio_prompt") String audioPrompt,
      @Nullable @Part("camera_fixed") String cameraFixed,
      @Nullable @Part("webhook_url") String webhookUrl,
      @Nullable @Part("metadata") String metadata,
      @Nullable @Part("reference_image_urls") List<String> referenceImageUrls,
      @Nullable @Part("image") CompletedFileUpload image,
      @Header("Idempotency-Key") Optional<String> idempotencyKey) {
    UUID account = auth.account(request);
    String key = checkedIdempotencyKey(idempotencyKey);
    Optional<WaitPreference> wait = WaitPreference.of(request.getHeaders().getAll("Prefer"));
    Map<String, String> text = new LinkedHashMap<>();
    text.put("model", model);
    text.put("prompt", prompt);
    text.put("negative_prompt", negativePrompt);
    text.put("duration_seconds", durationSeconds);
    text.put("aspect_ratio", aspectRatio);
    text.put("resolution", resolution);
    text.put("seed", seed);
    text.put("audio", audio);
    text.put("audio_prompt", audioPrompt);
    text.put("camera_fixed", cameraFixed);
    text.put("webhook_url", webhookUrl);
    text.put("metadata", metadata);
    CreateGenerationRequest fields = CreateGenerationForm.request(text, referenceImageUrls, jsonMapper, validator);
    byte[] upload;
    try {
      upload = image == null ? null : image.getBytes();
    } catch (java.io.IOException e) {
      throw ApiException.invalid("image", "the image part could not be read");
    }
    CreateGeneration create = CreateGeneration.parse(fields, catalog, upload);
    return launch(account, create, key, wait);
  }

  /** The Idempotency-Key header, checked (the front doors take it too): 1 to 255 printable ASCII characters. */
  public static String checkedIdempotencyKey(Optional<String> idempotencyKey) {
    String key = idempotencyKey.map(String::trim).orElse(null);
    if (key != null && (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
      throw ApiException.invalid("Idempotency-Key", "Idempotency-Key must be 1 to 255 printable ASCII characters");
    }
    return key;
  }

  private CompletableFuture<HttpResponse<?>> launch(
      UUID account, CreateGeneration create, String key, Optional<WaitPreference> wait) {
    List<ImageIntake.Received> images = create.hasImages() ? imageIntake.receive(create) : List.of();
    GenerationLauncher.Launch launch = launcher.launch(account, create, key, images);
    HttpStatus status = launch.status();
    if (wait.isEmpty()) {
      return CompletableFuture.completedFuture(HttpResponse.status(status).body(json.view(launch.generation(), publicUrl)));
    }
    // waits without holding this thread; the answer is the generation as it is then
    return completion
        .await(launch.generation(), Duration.ofSeconds(wait.get().seconds()))
        .thenApply(
            generation ->
                HttpResponse.status(status)
                    .header("Preference-Applied", wait.get().applied())
                    .body(json.view(generation, publicUrl)));
  }

  @Get("/{id}")
  @Operation(operationId = "getGeneration", summary = "A generation")
  @ApiResponse(responseCode = "200", description = "The generation.", content = @Content(schema = @Schema(implementation = GenerationResponse.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such generation, or another account's.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public GenerationResponse get(HttpRequest<?> request, @Parameter(description = "The generation's id.", schema = @Schema(format = "uuid")) @PathVariable String id) {
    UUID account = auth.account(request);
    return json.view(find(account, id), publicUrl);
  }

  @Get
  @Operation(operationId = "listGenerations", summary = "The account's generations, newest first")
  @ApiResponse(responseCode = "200", description = "A page of generations.", content = @Content(schema = @Schema(implementation = GenerationList.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: status, limit or cursor.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public GenerationList list(
      HttpRequest<?> request,
      @Parameter(description = "Only generations with this status.", allowEmptyValue = true, schema = @Schema(allowableValues = {"pending", "processing", "completed", "failed", "canceled", "expired"}))
          @QueryValue @Nullable @jakarta.validation.constraints.Pattern(regexp = LISTED_STATUS, message = "status must be one of " + LISTED_STATUS_WORDS) String status,
      @Parameter(description = "Page size.", allowEmptyValue = true, schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "20"))
          @QueryValue @Nullable @Min(value = 1, message = LIMIT_RULE) @Max(value = 100, message = LIMIT_RULE) Integer limit,
      @Parameter(description = "next_cursor of the previous page.", schema = @Schema(implementation = String.class))
          @QueryValue @Nullable GenerationStore.PagePosition cursor) {
    UUID account = auth.account(request);
    String statusFilter = status == null || status.isEmpty() ? null : status;
    int pageSize = limit == null ? 20 : limit;
    List<GenerationRecord> page = generations.list(account, statusFilter, cursor, pageSize + 1);
    boolean more = page.size() > pageSize;
    List<GenerationRecord> shown = more ? page.subList(0, pageSize) : page;
    return new GenerationList(
        shown.stream().map(g -> json.view(g, publicUrl)).toList(),
        more ? GenerationCursor.after(shown.get(shown.size() - 1)) : null);
  }

  @Post("/{id}/cancel")
  @Operation(
      operationId = "cancelGeneration",
      summary = "Cancel a generation",
      description = "Cancels the workflow and the upstream job; the hold is released.")
  @ApiResponse(responseCode = "200", description = "Canceled.", content = @Content(schema = @Schema(implementation = GenerationResponse.class)))
  @ApiResponse(responseCode = "202", description = "The cancel is on its way; the generation is not yet canceled.", content = @Content(schema = @Schema(implementation = GenerationResponse.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such generation, or another account's.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "409", description = "CONFLICT: it has finished, or finished while the cancel was on its way.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public HttpResponse<GenerationResponse> cancel(HttpRequest<?> request, @Parameter(description = "The generation's id.", schema = @Schema(format = "uuid")) @PathVariable String id) {
    UUID account = auth.account(request);
    GenerationRecord generation = find(account, id);
    if (generation.terminal()) {
      throw new ApiException(
          HttpStatus.CONFLICT, "CONFLICT", "the generation is already " + generation.status());
    }
    try {
      temporal.newUntypedWorkflowStub(GenerationIds.workflowId(generation.id().toString())).cancel();
    } catch (WorkflowNotFoundException e) {
      throw new ApiException(HttpStatus.CONFLICT, "CONFLICT", "the generation has already finished");
    }
    // the workflow releases the hold and cancels upstream; give it a moment to report back
    GenerationRecord latest = generation;
    for (int i = 0; i < 100 && !latest.terminal(); i++) {
      sleep(100);
      latest = generations.find(account, generation.id()).orElse(latest);
    }
    if (latest.status() == GenerationStatus.COMPLETED) {
      // the video was delivered (and paid) before the cancel could take effect
      throw new ApiException(
          HttpStatus.CONFLICT, "CONFLICT", "the generation completed before it could be canceled");
    }
    return HttpResponse.status(latest.terminal() ? HttpStatus.OK : HttpStatus.ACCEPTED)
        .body(json.view(latest, publicUrl));
  }

  @Get("/{id}/content")
  @Operation(operationId = "getGenerationContent", summary = "Download the video")
  @ApiResponse(responseCode = "200", description = "The MP4.", content = @Content(mediaType = "video/mp4", schema = @Schema(type = "string", format = "binary")))
  @ApiResponse(responseCode = "302", description = "With reelay.assets.delivery=presigned: a short-lived URL of the object store that serves the MP4 (ranges included).", headers = @io.swagger.v3.oas.annotations.headers.Header(name = "Location", description = "The presigned URL.", schema = @Schema(type = "string", format = "uri")))
  @ApiResponse(responseCode = "206", description = "The requested range of the MP4.", content = @Content(mediaType = "video/mp4", schema = @Schema(type = "string", format = "binary")))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such generation, or another account's.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "409", description = "NOT_READY: the generation has not completed.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "410", description = "CONTENT_GONE: the video is no longer stored (expired under the retention policy).", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "416", description = "RANGE_NOT_SATISFIABLE.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ApiErrorBody.class)))
  public HttpResponse<?> content(
      HttpRequest<?> request,
      @Parameter(description = "The generation's id.", schema = @Schema(format = "uuid")) @PathVariable String id,
      @Parameter(description = "One byte range, bytes=start-end or bytes=-suffix; anything else gets the whole file.")
          @Header("Range") Optional<String> range)
      throws IOException {
    UUID account = auth.account(request);
    return videoFiles.serve(find(account, id), range);
  }

  private GenerationRecord find(UUID account, String id) {
    UUID generationId;
    try {
      generationId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("generation");
    }
    // reads, cancels and downloads of a generation: its id on the server span (tracing on)
    GenerationContext.tagSpan(generationId.toString());
    return generations
        .find(account, generationId)
        .orElseThrow(() -> ApiException.notFound("generation"));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
