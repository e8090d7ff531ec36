package io.reelay.app.health;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.reelay.activities.DatabasePing;
import io.reelay.app.roles.ProcessRoles;
import io.reelay.app.temporal.GenerationWorker;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;

/** GET /health — 200 when PostgreSQL and Temporal both answer, 503 otherwise. */
@Controller("/health")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "operations")
public class HealthController {

  private final DatabasePing database;
  private final WorkflowServiceStubs temporal;
  private final ProcessRoles roles;
  private final GenerationWorker worker;

  public HealthController(
      DatabasePing database,
      WorkflowServiceStubs temporal,
      ProcessRoles roles,
      GenerationWorker worker) {
    this.database = database;
    this.temporal = temporal;
    this.roles = roles;
    this.worker = worker;
  }

  @Get
  @Operation(operationId = "getHealth", summary = "Whether PostgreSQL and Temporal answer", security = {})
  @SecurityRequirement(name = "")
  @ApiResponse(responseCode = "200", description = "Both are up.", content = @Content(schema = @Schema(implementation = HealthResponse.class)))
  @ApiResponse(responseCode = "503", description = "One is down.", content = @Content(schema = @Schema(implementation = HealthResponse.class)))
  public HttpResponse<HealthResponse> health() {
    HealthResponse.Check postgres = check(this::pingPostgres);
    HealthResponse.Check temporalState = check(this::pingTemporal);
    boolean up = "up".equals(postgres.status()) && "up".equals(temporalState.status());
    HealthResponse.Worker workerState =
        roles.worker()
            ? new HealthResponse.Worker(worker.state().name().toLowerCase(java.util.Locale.ROOT), worker.taskQueues())
            : null;
    HealthResponse body = new HealthResponse(up ? "up" : "down", postgres, temporalState, roles.names(), workerState);
    return HttpResponse.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(body);
  }

  private void pingPostgres() {
    database.ping();
  }

  private void pingTemporal() {
    temporal
        .blockingStub()
        .withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
        .getSystemInfo(io.temporal.api.workflowservice.v1.GetSystemInfoRequest.getDefaultInstance());
  }

  private static HealthResponse.Check check(Probe probe) {
    long started = System.nanoTime();
    String error = null;
    try {
      probe.run();
    } catch (Exception e) {
      error = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    return new HealthResponse.Check(
        error == null ? "up" : "down", error, Duration.ofNanos(System.nanoTime() - started).toMillis());
  }

  private interface Probe {
    void run() throws Exception;
  }
}
