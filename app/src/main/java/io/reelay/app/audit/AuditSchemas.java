package io.reelay.app.audit;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.UUID;

/** The JSON shape of GET /admin/v1/audit, for the OpenAPI document; {@link AuditController} writes it. */
final class AuditSchemas {

  private AuditSchemas() {}

  /**
   * The money audit's findings.
   *
   * @param ok true when there are no violations
   */
  @Schema(name = "AuditReport")
  record Report(boolean ok, long accountsChecked, long generationsChecked, int activeHolds, List<Violation> violations) {}

  /**
   * One broken invariant.
   *
   * @param check which invariant
   */
  @Schema(name = "AuditViolation")
  record Violation(
      String check,
      @Nullable @Schema(requiredMode = REQUIRED) UUID accountId,
      @Nullable @Schema(requiredMode = REQUIRED) UUID generationId,
      String detail) {}
}
