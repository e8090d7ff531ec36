package io.reelay.app.billing;

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
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where the money went: GET /v1/usage (a period's totals) and GET /v1/ledger (every movement). */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "billing")
@ApiKeyErrors
public class UsageController {

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
          @QueryValue Optional<String> days) {
    UUID account = auth.account(request);
    int period = integer(days.orElse(null), "days", 30, 1, 90);
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
          @QueryValue Optional<String> limit,
      @Parameter(description = "next_cursor of the previous page.") @QueryValue Optional<String> cursor) {
    UUID account = auth.account(request);
    int pageSize = integer(limit.orElse(null), "limit", 50, 1, 200);
    long before = Long.MAX_VALUE;
    if (cursor.isPresent() && !cursor.get().isEmpty()) {
      try {
        before = Long.parseLong(cursor.get());
      } catch (NumberFormatException e) {
        before = -1;
      }
      if (before < 1) {
        throw ApiException.invalid("cursor", "cursor is not one this API returned");
      }
    }
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

  private static int integer(String raw, String param, int fallback, int min, int max) {
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException ignored) {
      // fall through to the error
    }
    throw ApiException.invalid(param, param + " must be an integer from " + min + " to " + max);
  }
}
