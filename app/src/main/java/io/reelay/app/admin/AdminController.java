package io.reelay.app.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.activities.billing.Ledger;
import io.reelay.activities.retention.AccountRetention;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiErrorBody;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.Usd;
import io.reelay.app.openapi.OpenApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.links.Link;
import io.swagger.v3.oas.annotations.links.LinkParameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Optional;
import java.util.UUID;

/** Operator endpoints, behind the admin token: create accounts, add credits, set retention. */
@Controller("/admin/v1/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
@SecurityRequirement(name = OpenApiController.ADMIN_TOKEN)
@ApiResponse(responseCode = "401", description = "INVALID_ADMIN_TOKEN: missing or wrong, or no admin token is configured.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
public class AdminController {

  private final ApiAuth auth;
  private final AccountDirectory accounts;
  private final Ledger ledger;
  private final AccountRetention retention;

  public AdminController(ApiAuth auth, AccountDirectory accounts, Ledger ledger, AccountRetention retention) {
    this.auth = auth;
    this.accounts = accounts;
    this.ledger = ledger;
    this.retention = retention;
  }

  @Post(consumes = MediaType.ALL)
  @Operation(operationId = "createAccount", summary = "Create an account and its first API key")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreateAccountRequest.class)))
  @ApiResponse(
      responseCode = "201",
      description = "The account; the key is shown only here.",
      content = @Content(schema = @Schema(implementation = NewAccountResponse.class)),
      links = @Link(name = "credit", operationId = "addCredits", parameters = @LinkParameter(name = "id", expression = "$response.body#/account_id")))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: name or credits_usd.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public HttpResponse<NewAccountResponse> create(
      HttpRequest<?> request, @Parameter(hidden = true) @Body @Valid CreateAccountRequest body) {
    auth.admin(request);
    long credits = body.creditsUsd() == null ? 0 : body.creditsUsd();
    String name = body.name().trim();
    AccountDirectory.NewAccount account = accounts.create(name, credits);
    return HttpResponse.created(new NewAccountResponse(account.accountId(), name, account.apiKey(), Usd.of(credits)));
  }

  @Post(uri = "/{id}/credits", consumes = MediaType.ALL)
  @Operation(operationId = "addCredits", summary = "Add credits to an account")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreditRequest.class)))
  @ApiResponse(responseCode = "200", description = "The balance after the credit.", content = @Content(schema = @Schema(implementation = AccountBalanceResponse.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: amount_usd or Idempotency-Key.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such account.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public AccountBalanceResponse credit(
      HttpRequest<?> request,
      @Parameter(description = "The account's id.", schema = @Schema(format = "uuid")) @PathVariable String id,
      @Parameter(hidden = true) @Body @Valid CreditRequest body,
      @Parameter(description = "Makes a retried top-up safe: at most 255 printable ASCII characters.", schema = @Schema(maxLength = 255))
          @Header("Idempotency-Key") Optional<String> idempotencyKey) {
    auth.admin(request);
    UUID accountId;
    try {
      accountId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("account");
    }
    if (!accounts.exists(accountId)) {
      throw ApiException.notFound("account");
    }
    long amount = body.amountUsd();
    String clientKey = idempotencyKey.map(String::trim).filter(k -> !k.isEmpty()).orElse(null);
    if (clientKey != null && (clientKey.length() > 255 || !clientKey.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
      throw ApiException.invalid("Idempotency-Key", "Idempotency-Key must be 1 to 255 printable ASCII characters");
    }
    String key = "credit:" + accountId + ":" + (clientKey != null ? clientKey : UUID.randomUUID().toString());
    Ledger.Balance balance = ledger.credit(accountId, amount, key);
    return new AccountBalanceResponse(
        accountId, Usd.of(balance.availableMicros()), Usd.of(balance.reservedMicros()), Usd.of(balance.capturedMicros()));
  }

  @Get(uri = "/{id}/retention")
  @Operation(operationId = "getAccountRetention", summary = "How long the account's videos are kept")
  @ApiResponse(responseCode = "200", description = "The account's retention.", content = @Content(schema = @Schema(implementation = RetentionResponse.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such account.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public RetentionResponse retention(
      HttpRequest<?> request,
      @Parameter(description = "The account's id.", schema = @Schema(format = "uuid")) @PathVariable String id) {
    auth.admin(request);
    UUID accountId = accountId(id);
    return retentionView(accountId, retention.of(accountId).orElseThrow(() -> ApiException.notFound("account")));
  }

  @Put(uri = "/{id}/retention", consumes = MediaType.ALL)
  @Operation(
      operationId = "setAccountRetention",
      summary = "Keep the account's videos for its own number of days",
      description = "Applies to the videos it has stored already too: their expiry moves. null goes back to the default.")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RetentionRequest.class)))
  @ApiResponse(responseCode = "200", description = "The account's retention now.", content = @Content(schema = @Schema(implementation = RetentionResponse.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: video_retention_days.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such account.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public RetentionResponse setRetention(
      HttpRequest<?> request,
      @Parameter(description = "The account's id.", schema = @Schema(format = "uuid")) @PathVariable String id,
      @Parameter(hidden = true) @Body @Valid RetentionRequest body) {
    auth.admin(request);
    UUID accountId = accountId(id);
    Integer days = body.videoRetentionDays().days();
    return retentionView(accountId, retention.set(accountId, days).orElseThrow(() -> ApiException.notFound("account")));
  }

  private static RetentionResponse retentionView(UUID accountId, AccountRetention.Retention retention) {
    return new RetentionResponse(accountId, retention.accountDays(), retention.effective().toSeconds());
  }

  private static UUID accountId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("account");
    }
  }
}
