package io.reelay.app.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/**
 * The money audit's findings: GET /admin/v1/audit.
 *
 * @param ok true when there are no violations
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "AuditReport")
public record AuditReport(
    boolean ok, long accountsChecked, long generationsChecked, int activeHolds, List<Violation> violations) {

  /**
   * One broken invariant.
   *
   * @param check which invariant
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "AuditViolation")
  public record Violation(
      String check,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID accountId,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID generationId,
      String detail) {}
}
