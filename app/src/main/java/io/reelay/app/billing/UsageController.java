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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  @ApiResponse(responseCode = "200", description = "The totals.", content = @Content(schema = @Schema(implementation = BillingSchemas.Usage.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: days.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public Map<String, Object> usage(
      HttpRequest<?> request,
      @Parameter(description = "The period.", allowEmptyValue = true, schema = @Schema(type = "integer", minimum = "1", maximum = "90", defaultValue = "30"))
          @QueryValue Optional<String> days) {
    UUID account = auth.account(request);
    int period = integer(days.orElse(null), "days", 30, 1, 90);
    UsageReports.Usage usage = reports.usage(account, period).orElseThrow(() -> ApiException.notFound("account"));
    Ledger.Balance balance = usage.balance();
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("period_days", period);
    view.put("total_requests", usage.requests());
    view.put("total_seconds", usage.billedMillis() / 1000.0);
    view.put("total_cost_usd", Usd.of(usage.capturedMicros()));
    view.put("current_balance_usd", Usd.of(balance.availableMicros()));
    view.put("total_spent_usd", Usd.of(balance.capturedMicros()));
    view.put("currency", "USD");
    return view;
  }

  @Get("/ledger")
  @Operation(operationId = "listLedgerEntries", summary = "Every money movement, newest first")
  @ApiResponse(responseCode = "200", description = "A page of the ledger.", content = @Content(schema = @Schema(implementation = BillingSchemas.LedgerPage.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: limit or cursor.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public Map<String, Object> entries(
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
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put(
        "data",
        shown.stream()
            .map(
                e -> {
                  Map<String, Object> view = new LinkedHashMap<>();
                  view.put("id", e.id());
                  view.put("time", e.createdAt().toString());
                  view.put("kind", e.kind());
                  view.put("amount_usd", Usd.of(e.amountMicros()));
                  view.put("generation_id", e.generationId() == null ? null : e.generationId().toString());
                  view.put("balance_after_usd", Usd.of(e.balanceAfterMicros()));
                  return view;
                })
            .toList());
    answer.put("next_cursor", more ? String.valueOf(shown.get(shown.size() - 1).id()) : null);
    return answer;
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
