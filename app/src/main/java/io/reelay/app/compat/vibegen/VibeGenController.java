package io.reelay.app.compat.vibegen;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.billing.Ledger;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.app.api.ApiException;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorGenerations;
import io.reelay.app.compat.DoorModels;
import io.reelay.app.generations.CreateGeneration;
import io.reelay.app.generations.GenerationLauncher;
import io.reelay.app.models.ModelCatalog;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.UUID;

/**
 * VibeGen's API (shared/providers/vibegen.md) under /compat/vibegen: create a task, read one,
 * list them. Errors are thrown as {@link ApiException}s and answered by {@link VibeGenErrorShape}.
 */
@Controller("/compat/vibegen/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
public class VibeGenController {

  private final DoorGenerations generations;
  private final DoorModels models;
  private final ModelCatalog catalog;
  private final TaskViews views;
  private final TaskPages pages;
  private final Ledger ledger;

  public VibeGenController(
      DoorGenerations generations,
      DoorModels models,
      ModelCatalog catalog,
      TaskViews views,
      TaskPages pages,
      Ledger ledger) {
    this.generations = generations;
    this.models = models;
    this.catalog = catalog;
    this.views = views;
    this.pages = pages;
    this.ledger = ledger;
  }

  /** 201 with the new task; a create the balance cannot cover is 402 in credits. */
  @Post("/generations")
  public HttpResponse<VibeGenResponse<CreatedTask>> create(HttpRequest<?> request, @Body CreateTaskRequest body) {
    TaskRequests.requireModelAndPrompt(body);
    String model = models.resolve(Door.VIBEGEN, body.model()).id();
    CreateGeneration create = CreateGeneration.parse(TaskRequests.toCore(body, model), catalog, null);
    GenerationLauncher.Launch launch;
    try {
      launch = generations.create(request, Door.VIBEGEN, create, null);
    } catch (ApiException e) {
      throw "INSUFFICIENT_CREDITS".equals(e.code()) ? insufficientCredits(request, create) : e;
    }
    // the document knows only 201: a create whose admission no worker has decided yet (the core's
    // 202) is a created task too, pending
    return HttpResponse.created(VibeGenResponse.of(views.created(launch.generation())));
  }

  @Get("/tasks/{task_id}")
  public VibeGenResponse<Task> task(HttpRequest<?> request, @PathVariable("task_id") String taskId) {
    return VibeGenResponse.of(views.task(find(request, taskId)));
  }

  /** Newest first; {@code status} filters by VibeGen's word, {@code limit}/{@code offset} page. */
  @Get("/tasks")
  public VibeGenResponse<TaskList> tasks(
      HttpRequest<?> request,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue String limit,
      @Nullable @QueryValue String offset) {
    return VibeGenResponse.of(pages.page(generations.account(request), TaskPages.Query.parse(status, limit, offset)));
  }

  private GenerationRecord find(HttpRequest<?> request, String taskId) {
    UUID id;
    try {
      id = UUID.fromString(taskId);
    } catch (IllegalArgumentException e) {
      throw taskNotFound();
    }
    try {
      return generations.find(request, id);
    } catch (ApiException e) {
      throw e.status() == HttpStatus.NOT_FOUND ? taskNotFound() : e;
    }
  }

  private static ApiException taskNotFound() {
    return new ApiException(HttpStatus.NOT_FOUND, "TASK_NOT_FOUND", "Task not found");
  }

  /** The document's 402: what the task needs and what the account has, in credits. */
  private ApiException insufficientCredits(HttpRequest<?> request, CreateGeneration create) {
    long required = create.model().estimateMicros(create.durationSeconds(), create.resolution(), create.audio());
    long available =
        ledger.balance(generations.account(request)).map(Ledger.Balance::availableMicros).orElse(0L);
    return new ApiException(
        HttpStatus.PAYMENT_REQUIRED,
        "INSUFFICIENT_CREDITS",
        "Insufficient credits. Required: " + Credits.of(required).toPlainString() + ", Available: "
            + Credits.of(Math.max(0, available)).toPlainString());
  }
}
