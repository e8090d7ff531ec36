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
import io.micronaut.json.tree.JsonNode;
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
import java.util.LinkedHashMap;
import java.util.Map;
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
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdminSchemas.CreateAccountRequest.class)))
  @ApiResponse(
      responseCode = "201",
      description = "The account; the key is shown only here.",
      content = @Content(schema = @Schema(implementation = AdminSchemas.NewAccount.class)),
      links = @Link(name = "credit", operationId = "addCredits", parameters = @LinkParameter(name = "id", expression = "$response.body#/account_id")))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: name or credits_usd.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public HttpResponse<?> create(HttpRequest<?> request, @Parameter(hidden = true) @Body Optional<JsonNode> body) {
    auth.admin(request);
    JsonNode json = object(body);
    JsonNode nameNode = json.get("name");
    if (nameNode == null || !nameNode.isString() || nameNode.getStringValue().isBlank()
        || nameNode.getStringValue().length() > 200
        || nameNode.getStringValue().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw ApiException.invalid("name", "name is required: 1 to 200 printable characters");
    }
    JsonNode creditsNode = json.get("credits_usd");
    long credits = creditsNode == null || creditsNode.isNull() ? 0 : Usd.parsePositive(creditsNode, "credits_usd");
    AccountDirectory.NewAccount account = accounts.create(nameNode.getStringValue().trim(), credits);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("account_id", account.accountId().toString());
    view.put("name", nameNode.getStringValue().trim());
    view.put("api_key", account.apiKey());
    view.put("balance_usd", Usd.of(credits));
    return HttpResponse.created(view);
  }

  @Post(uri = "/{id}/credits", consumes = MediaType.ALL)
  @Operation(operationId = "addCredits", summary = "Add credits to an account")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdminSchemas.CreditRequest.class)))
  @ApiResponse(responseCode = "200", description = "The balance after the credit.", content = @Content(schema = @Schema(implementation = AdminSchemas.AccountBalance.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: amount_usd or Idempotency-Key.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such account.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public Map<String, Object> credit(
      HttpRequest<?> request,
      @Parameter(description = "The account's id.", schema = @Schema(format = "uuid")) @PathVariable String id,
      @Parameter(hidden = true) @Body Optional<JsonNode> body,
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
    long amount = Usd.parsePositive(object(body).get("amount_usd"), "amount_usd");
    String clientKey = idempotencyKey.map(String::trim).filter(k -> !k.isEmpty()).orElse(null);
    if (clientKey != null && (clientKey.length() > 255 || !clientKey.chars().allMatch(c -> c >= 0x20 && c < 0x7f))) {
      throw ApiException.invalid("Idempotency-Key", "Idempotency-Key must be 1 to 255 printable ASCII characters");
    }
    String key = "credit:" + accountId + ":" + (clientKey != null ? clientKey : UUID.randomUUID().toString());
    Ledger.Balance balance = ledger.credit(accountId, amount, key);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("account_id", accountId.toString());
    view.put("balance_usd", Usd.of(balance.availableMicros()));
    view.put("reserved_usd", Usd.of(balance.reservedMicros()));
    view.put("total_spent_usd", Usd.of(balance.capturedMicros()));
    return view;
  }

  @Get(uri = "/{id}/retention")
  @Operation(operationId = "getAccountRetention", summary = "How long the account's videos are kept")
  @ApiResponse(responseCode = "200", description = "The account's retention.", content = @Content(schema = @Schema(implementation = AdminSchemas.Retention.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such account.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public Map<String, Object> retention(
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
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AdminSchemas.RetentionRequest.class)))
  @ApiResponse(responseCode = "200", description = "The account's retention now.", content = @Content(schema = @Schema(implementation = AdminSchemas.Retention.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: video_retention_days.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such account.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public Map<String, Object> setRetention(
      HttpRequest<?> request,
      @Parameter(description = "The account's id.", schema = @Schema(format = "uuid")) @PathVariable String id,
      @Parameter(hidden = true) @Body Optional<JsonNode> body) {
    auth.admin(request);
    UUID accountId = accountId(id);
    JsonNode json = object(body);
    JsonNode daysNode = json.get("video_retention_days");
    if (daysNode == null) {
      throw ApiException.invalid("video_retention_days", "video_retention_days is required: 1 to " + AccountRetention.MAX_DAYS + ", or null for the default");
    }
    Integer days = null;
    if (!daysNode.isNull()) {
      if (!daysNode.isNumber() || daysNode.getNumberValue().doubleValue() != Math.rint(daysNode.getNumberValue().doubleValue())
          || daysNode.getNumberValue().doubleValue() < 1 || daysNode.getNumberValue().doubleValue() > AccountRetention.MAX_DAYS) {
        throw ApiException.invalid("video_retention_days", "video_retention_days must be a whole number of days from 1 to " + AccountRetention.MAX_DAYS + ", or null for the default");
      }
      days = daysNode.getNumberValue().intValue();
    }
    return retentionView(accountId, retention.set(accountId, days).orElseThrow(() -> ApiException.notFound("account")));
  }

  private static Map<String, Object> retentionView(UUID accountId, AccountRetention.Retention retention) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("account_id", accountId.toString());
    view.put("video_retention_days", retention.accountDays());
    view.put("effective_retention_seconds", retention.effective().toSeconds());
    return view;
  }

  private static UUID accountId(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("account");
    }
  }

  private static JsonNode object(Optional<JsonNode> body) {
    if (body.isEmpty() || !body.get().isObject()) {
      throw ApiException.invalid(null, "the request body must be a JSON object");
    }
    return body.get();
  }
}
