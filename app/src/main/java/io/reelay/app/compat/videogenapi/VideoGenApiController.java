package io.reelay.app.compat.videogenapi;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.billing.Ledger;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.Usd;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorGenerations;
import io.reelay.app.compat.DoorModels;
import io.reelay.app.generations.CreateGeneration;
import io.reelay.app.generations.GenerationLauncher;
import io.reelay.app.models.ModelCatalog;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * VideoGenAPI (shared/providers/videogenapi.md) as a front door: generate, status, the generations
 * list and user, under {@code /compat/videogenapi} followed by each of the document's three
 * spellings of its paths ({@code /api/v1/...}, the base URL's; {@code /v1/...}, its endpoint
 * headings'; and the bare {@code /generate} its clients append to the base URL).
 */
@Controller("/compat/videogenapi")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class VideoGenApiController {

  private static final Door DOOR = Door.VIDEOGENAPI;
  static final int DEFAULT_PAGE_SIZE = 10;
  static final int MAX_PAGE_SIZE = 100;
  static final String LIMIT_RULE = "limit must be an integer from 1 to 100";

  private final DoorGenerations doors;
  private final DoorModels models;
  private final ModelCatalog catalog;
  private final GenerationViews views;
  private final GenerationStore generations;
  private final Ledger ledger;
  private final JsonMapper jsonMapper;
  private final Validator validator;

  VideoGenApiController(
      DoorGenerations doors,
      DoorModels models,
      ModelCatalog catalog,
      GenerationViews views,
      GenerationStore generations,
      Ledger ledger,
      JsonMapper jsonMapper,
      Validator validator) {
    this.doors = doors;
    this.models = models;
    this.catalog = catalog;
    this.views = views;
    this.generations = generations;
    this.ledger = ledger;
    this.jsonMapper = jsonMapper;
    this.validator = validator;
  }

  /**
   * 200, as the document answers and its clients test, once the credits are held. The fields come
   * as a JSON body, or (with no body) as query parameters, as two of the document's tables list them.
   */
  @Post(uris = {"/api/v1/generate", "/v1/generate", "/generate"})
  HttpResponse<GenerationView> generate(
      HttpRequest<?> request,
      @Nullable @Body @Valid GenerateRequest json,
      @Nullable @Header("Idempotency-Key") String idempotencyKey) {
    GenerateRequest body = json;
    if (body == null) {
      if (!GenerateQuery.present(request.getParameters())) {
        throw ApiException.invalid("prompt", "prompt is required: send the fields as a JSON body");
      }
      body = GenerateQuery.read(request.getParameters(), jsonMapper, validator);
    }
    GenerateTranslation.Translation translation =
        GenerateTranslation.translate(body, name -> models.resolve(DOOR, name));
    CreateGeneration create = CreateGeneration.parse(translation.request(), catalog, null);
    GenerationLauncher.Launch launch = doors.create(request, DOOR, create, idempotencyKey);
    String message = "Generation accepted; poll status_url until its status is completed or failed.";
    if (translation.remark() != null) {
      message += " " + translation.remark() + ".";
    }
    return HttpResponse.ok(views.of(launch.generation()).created(message, usage(request)));
  }

  @Get(uris = {"/api/v1/status/{generation_id}", "/v1/status/{generation_id}", "/status/{generation_id}"})
  GenerationView status(HttpRequest<?> request, @PathVariable("generation_id") String generationId) {
    UUID id = VideoGenApiIds.parse(generationId).orElseThrow(() -> ApiException.notFound("generation " + generationId));
    return views.of(doors.find(request, id));
  }

  /** Newest first; {@code page} from 1 (default 1), {@code limit} 1 to 100 (default 10). */
  @Get(uris = {"/api/v1/generations", "/v1/generations", "/generations"})
  GenerationsPage generations(
      HttpRequest<?> request,
      @QueryValue(defaultValue = "1") @Min(value = 1, message = "page must be an integer from 1 up") int page,
      @QueryValue(defaultValue = "" + DEFAULT_PAGE_SIZE) @Min(value = 1, message = LIMIT_RULE) @Max(value = MAX_PAGE_SIZE, message = LIMIT_RULE)
          int limit) {
    Page<GenerationRecord> found = doors.page(request, null, page - 1, limit);
    return new GenerationsPage(
        true,
        found.getContent().stream().map(views::of).toList(),
        new GenerationsPage.Pagination(page, limit, found.getTotalSize(), found.getTotalPages()));
  }

  @Get(uris = {"/api/v1/user", "/v1/user", "/user"})
  UserView user(HttpRequest<?> request) {
    UUID account = doors.account(request);
    Ledger.Balance balance = ledger.balance(account).orElseThrow(() -> ApiException.notFound("account"));
    UserView.RateLimit rateLimit =
        ApiAuth.rateLimit(request)
            .map(
                decision ->
                    new UserView.RateLimit(
                        decision.limit(),
                        decision.remaining(),
                        VideoGenApiErrorShape.RATE_LIMIT_WINDOW,
                        Timestamps.format(Instant.ofEpochSecond(decision.resetEpochSeconds()))))
            .orElse(null);
    return new UserView(
        true,
        new UserView.User(account),
        usage(request),
        new UserView.Balance(
            Usd.of(balance.availableMicros()), Usd.of(balance.reservedMicros()), Usd.of(balance.capturedMicros()), "USD"),
        rateLimit);
  }

  private Usage usage(HttpRequest<?> request) {
    UUID account = doors.account(request);
    Instant monthStart = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    return new Usage(
        generations.countCreatedSince(account, monthStart), null, generations.countCreatedSince(account, Instant.EPOCH));
  }
}
