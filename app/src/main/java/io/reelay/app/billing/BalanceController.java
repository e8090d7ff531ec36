package io.reelay.app.billing;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.billing.Ledger;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.ApiKeyErrors;
import io.reelay.app.api.Usd;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;

/** GET /v1/balance — available balance, what active generations hold, what was spent. */
@Controller("/v1/balance")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "billing")
@ApiKeyErrors
public class BalanceController {

  private final ApiAuth auth;
  private final Ledger ledger;

  public BalanceController(ApiAuth auth, Ledger ledger) {
    this.auth = auth;
    this.ledger = ledger;
  }

  @Get
  @Operation(operationId = "getBalance", summary = "The account's balance")
  @ApiResponse(responseCode = "200", description = "The balance.", content = @Content(schema = @Schema(implementation = BalanceResponse.class)))
  public BalanceResponse balance(HttpRequest<?> request) {
    UUID account = auth.account(request);
    Ledger.Balance balance = ledger.balance(account).orElseThrow(() -> ApiException.notFound("account"));
    return new BalanceResponse(
        Usd.of(balance.availableMicros()), Usd.of(balance.reservedMicros()), Usd.of(balance.capturedMicros()), "USD");
  }
}
