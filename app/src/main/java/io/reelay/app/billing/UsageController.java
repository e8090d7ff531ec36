package io.reelay.app.billing;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.billing.Ledger;
import io.reelay.activities.billing.UsageReports;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiErrorBody;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.ApiKeyErrors;
import io.reelay.app.api.Usd;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import java.util.UUID;

/** Where the money went: GET /v1/usage (a period's totals) and GET /v1/ledger (every movement). */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "billing")
@ApiKeyErrors
public class UsageController {

  private static final String DAYS_RULE = "days must be an integer from 1 to 90";
  private static final String LIMIT_RULE = "limit must be an integer from 1 to 200";
  private static final String CURSOR_RULE = "cursor is not one this API returned";

  private final ApiAuth auth;
  private final Ledger ledger;
  private final UsageReports reports;

  public UsageController(ApiAuth auth, Ledger ledger, UsageReports reports) {
    this.auth = auth;
    this.ledger = ledger;
    this.reports = reports;
  }

  @Get("/usage")
  @Operation(operationId = "getUsage", summary = "Totals of the last days")
  @ApiResponse(responseCode = "200", description = "The totals.", content = @Content(schema = @Schema(implementation = UsageResponse.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: days.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public UsageResponse usage(
      HttpRequest<?> request,
      @Parameter(description = "The period.", allowEmptyValue = true, schema = @Schema(type = "integer", minimum = "1", maximum = "90", defaultValue = "30"))
          @QueryValue @Nullable @Min(value = 1, message = DAYS_RULE) @Max(value = 90, message = DAYS_RULE) Integer days) {
    UUID account = auth.account(request);
    int period = days == null ? 30 : days;
    UsageReports.Usage usage = reports.usage(account, period).orElseThrow(() -> ApiException.notFound("account"));
    Ledger.Balance balance = usage.balance();
    return new UsageResponse(
        period,
        usage.requests(),
        usage.billedMillis() / 1000.0,
        Usd.of(usage.capturedMicros()),
        Usd.of(balance.availableMicros()),
        Usd.of(balance.capturedMicros()),
        "USD");
  }

  @Get("/ledger")
  @Operation(operationId = "listLedgerEntries", summary = "Every money movement, newest first")
  @ApiResponse(responseCode = "200", description = "A page of the ledger.", content = @Content(schema = @Schema(implementation = LedgerPage.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: limit or cursor.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public LedgerPage entries(
      HttpRequest<?> request,
      @Parameter(description = "Page size.", allowEmptyValue = true, schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
          @QueryValue @Nullable @Min(value = 1, message = LIMIT_RULE) @Max(value = 200, message = LIMIT_RULE) Integer limit,
      // the id of the last entry shown: entries are numbered from 1
      @Parameter(description = "next_cursor of the previous page.", schema = @Schema(implementation = String.class))
          @QueryValue @Nullable @Min(value = 1, message = CURSOR_RULE) Long cursor) {
    UUID account = auth.account(request);
    int pageSize = limit == null ? 50 : limit;
    long before = cursor == null ? Long.MAX_VALUE : cursor;
    List<Ledger.LedgerEntry> page = ledger.entries(account, before, pageSize + 1);
    boolean more = page.size() > pageSize;
    List<Ledger.LedgerEntry> shown = more ? page.subList(0, pageSize) : page;
    return new LedgerPage(
        shown.stream()
            .map(
                e ->
                    new LedgerPage.Entry(
                        e.id(),
                        e.createdAt(),
                        e.kind(),
                        Usd.of(e.amountMicros()),
                        e.generationId(),
                        Usd.of(e.balanceAfterMicros())))
            .toList(),
        more ? String.valueOf(shown.get(shown.size() - 1).id()) : null);
  }
}
