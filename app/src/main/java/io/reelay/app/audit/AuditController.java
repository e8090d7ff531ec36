package io.reelay.app.audit;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiErrorBody;
import io.reelay.app.openapi.OpenApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** GET /admin/v1/audit — the money audit that {@code ./reelay audit} prints. */
@Controller("/admin/v1/audit")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
@SecurityRequirement(name = OpenApiController.ADMIN_TOKEN)
@ApiResponse(responseCode = "401", description = "INVALID_ADMIN_TOKEN: missing or wrong, or no admin token is configured.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
public class AuditController {

  private final ApiAuth auth;
  private final MoneyAudit audit;

  public AuditController(ApiAuth auth, MoneyAudit audit) {
    this.auth = auth;
    this.audit = audit;
  }

  @Get
  @Operation(operationId = "runAudit", summary = "Run the money audit")
  @ApiResponse(responseCode = "200", description = "The findings.", content = @Content(schema = @Schema(implementation = AuditReport.class)))
  public AuditReport audit(HttpRequest<?> request) {
    auth.admin(request);
    MoneyAudit.Report report = audit.run();
    return new AuditReport(
        report.ok(),
        report.accounts(),
        report.generations(),
        report.activeHolds(),
        report.violations().stream()
            .map(v -> new AuditReport.Violation(v.check(), v.accountId(), v.generationId(), v.detail()))
            .toList());
  }
}
