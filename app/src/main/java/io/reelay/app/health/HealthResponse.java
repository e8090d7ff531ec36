package io.reelay.app.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * Whether the service's dependencies answer: GET /health.
 *
 * @param worker absent when this process has no worker role
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Health")
public record HealthResponse(
    @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"up", "down"}) String status,
    Check postgres,
    Check temporal,
    @ArraySchema(
            arraySchema = @Schema(description = "What this process does (reelay.roles)."),
            schema = @Schema(allowableValues = {"api", "worker"}))
        List<String> roles,
    @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Worker worker) {

  /**
   * This process's Temporal worker, when it has the worker role.
   *
   * @param taskQueues the task queues it polls
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "HealthWorker")
  public record Worker(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"starting", "polling", "stopping", "stopped"})
          String state,
      List<String> taskQueues) {}

  /**
   * One dependency.
   *
   * @param error why it is down; absent when it is up
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "HealthCheck")
  public record Check(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"up", "down"}) String status,
      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String error,
      long latencyMs) {}
}
