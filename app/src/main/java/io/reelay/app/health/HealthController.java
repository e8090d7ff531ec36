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
import java.util.LinkedHashMap;
import java.util.Map;

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
  @ApiResponse(responseCode = "200", description = "Both are up.", content = @Content(schema = @Schema(implementation = HealthSchemas.Health.class)))
  @ApiResponse(responseCode = "503", description = "One is down.", content = @Content(schema = @Schema(implementation = HealthSchemas.Health.class)))
  public HttpResponse<Map<String, Object>> health() {
    Map<String, Object> postgres = check(this::pingPostgres);
    Map<String, Object> temporalState = check(this::pingTemporal);
    boolean up = "up".equals(postgres.get("status")) && "up".equals(temporalState.get("status"));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "up" : "down");
    body.put("postgres", postgres);
    body.put("temporal", temporalState);
    body.put("roles", roles.names());
    if (roles.worker()) {
      Map<String, Object> workerState = new LinkedHashMap<>();
      workerState.put("state", worker.state().name().toLowerCase(java.util.Locale.ROOT));
      workerState.put("task_queues", worker.taskQueues());
      body.put("worker", workerState);
    }
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

  private static Map<String, Object> check(Probe probe) {
    long started = System.nanoTime();
    Map<String, Object> result = new LinkedHashMap<>();
    try {
      probe.run();
      result.put("status", "up");
    } catch (Exception e) {
      result.put("status", "down");
      result.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    result.put("latency_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    return result;
  }

  private interface Probe {
    void run() throws Exception;
  }
}
