package io.reelay.app.health;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** The JSON shape of GET /health, for the OpenAPI document; {@link HealthController} writes it. */
final class HealthSchemas {

  private HealthSchemas() {}

  /** Whether the service's dependencies answer. */
  @Schema(name = "Health")
  record Health(
      @Schema(requiredMode = REQUIRED, allowableValues = {"up", "down"}) String status,
      Check postgres,
      Check temporal,
      @ArraySchema(
              arraySchema = @Schema(description = "What this process does (reelay.roles)."),
              schema = @Schema(allowableValues = {"api", "worker"}))
          java.util.List<String> roles,
      @Nullable Worker worker) {}

  /**
   * This process's Temporal worker, when it has the worker role.
   *
   * @param taskQueues the task queues it polls
   */
  @Schema(name = "HealthWorker")
  record Worker(
      @Schema(requiredMode = REQUIRED, allowableValues = {"starting", "polling", "stopping", "stopped"}) String state,
      java.util.List<String> taskQueues) {}

  /**
   * One dependency.
   *
   * @param error why it is down
   */
  @Schema(name = "HealthCheck")
  record Check(
      @Schema(requiredMode = REQUIRED, allowableValues = {"up", "down"}) String status,
      @Nullable String error,
      long latencyMs) {}
}
