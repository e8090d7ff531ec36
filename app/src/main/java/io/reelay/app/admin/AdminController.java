package io.reelay.app.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.activities.billing.Ledger;
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

/** Operator endpoints, behind the admin token: create accounts, add credits. */
@Controller("/admin/v1/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "admin")
@SecurityRequirement(name = OpenApiController.ADMIN_TOKEN)
@ApiResponse(responseCode = "401", description = "INVALID_ADMIN_TOKEN: missing or wrong, or no admin token is configured.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
public class AdminController {

  private final ApiAuth auth;
  private final AccountDirectory accounts;
  private final Ledger ledger;

  public AdminController(ApiAuth auth, AccountDirectory accounts, Ledger ledger) {
    this.auth = auth;
    this.accounts = accounts;
    this.ledger = ledger;
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

  private static JsonNode object(Optional<JsonNode> body) {
    if (body.isEmpty() || !body.get().isObject()) {
      throw ApiException.invalid(null, "the request body must be a JSON object");
    }
    return body.get();
  }
}
