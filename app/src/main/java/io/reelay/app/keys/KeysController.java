package io.reelay.app.keys;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.accounts.AccountDirectory.ApiKeyInfo;
import io.reelay.activities.accounts.AccountDirectory.Revocation;
import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiErrorBody;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.ApiKeyErrors;
import io.reelay.app.api.RateLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.links.Link;
import io.swagger.v3.oas.annotations.links.LinkParameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;

/** An account's own API keys: create (shown once), list, revoke. */
@Controller("/v1/keys")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "keys")
@ApiKeyErrors
public class KeysController {

  private final ApiAuth auth;
  private final AccountDirectory accounts;
  private final RateLimiter rateLimiter;
  private final int maxActiveKeys;

  public KeysController(
      ApiAuth auth,
      AccountDirectory accounts,
      RateLimiter rateLimiter,
      @Value("${reelay.keys.max-active-per-account:20}") int maxActiveKeys) {
    this.auth = auth;
    this.accounts = accounts;
    this.rateLimiter = rateLimiter;
    this.maxActiveKeys = maxActiveKeys;
  }

  @Post(consumes = MediaType.ALL)
  @Operation(operationId = "createKey", summary = "Create an API key", description = "The key itself is shown only in this answer.")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreateKeyRequest.class)))
  @ApiResponse(
      responseCode = "201",
      description = "The new key.",
      content = @Content(schema = @Schema(implementation = NewApiKeyResponse.class)),
      links = @Link(name = "revoke", operationId = "revokeKey", parameters = @LinkParameter(name = "keyId", expression = "$response.body#/id")))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: name or rate_limit_per_minute.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "409", description = "KEY_LIMIT_REACHED: the account has the most active keys it may have.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public HttpResponse<NewApiKeyResponse> create(HttpRequest<?> request, @Parameter(hidden = true) @Body @Valid CreateKeyRequest body) {
    UUID account = auth.account(request);
    Integer limit = body.rateLimitPerMinute();
    // the maximum is configuration, which an annotation cannot read
    if (limit != null && limit > rateLimiter.maxPerMinute()) {
      throw ApiException.invalid(
          "rate_limit_per_minute", "rate_limit_per_minute must be an integer from 1 to " + rateLimiter.maxPerMinute());
    }
    // each key has its own budget: a cap on keys keeps one account from multiplying its rate
    if (accounts.keys(account).stream().filter(ApiKeyInfo::active).count() >= maxActiveKeys) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "KEY_LIMIT_REACHED",
          "an account may have at most " + maxActiveKeys + " active keys; revoke one first");
    }
    AccountDirectory.IssuedKey issued = accounts.issueKey(account, body.name().trim(), limit);
    return HttpResponse.created(NewApiKeyResponse.of(view(issued.info()), issued.apiKey()));
  }

  @Get
  @Operation(operationId = "listKeys", summary = "The account's API keys")
  @ApiResponse(responseCode = "200", description = "The keys.", content = @Content(schema = @Schema(implementation = ApiKeyList.class)))
  public ApiKeyList list(HttpRequest<?> request) {
    UUID account = auth.account(request);
    return new ApiKeyList(accounts.keys(account).stream().map(this::view).toList());
  }

  @Delete("/{keyId}")
  @Operation(operationId = "revokeKey", summary = "Revoke an API key", description = "At once: it gets 401 from then on.")
  @ApiResponse(responseCode = "200", description = "The revoked key.", content = @Content(schema = @Schema(implementation = ApiKeyResponse.class)))
  @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such key, or another account's.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  @ApiResponse(responseCode = "409", description = "LAST_ACTIVE_KEY: create another key before revoking this one.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public ApiKeyResponse revoke(
      HttpRequest<?> request, @Parameter(description = "The key's id.", schema = @Schema(format = "uuid")) @PathVariable String keyId) {
    UUID account = auth.account(request);
    UUID id;
    try {
      id = UUID.fromString(keyId);
    } catch (IllegalArgumentException e) {
      throw ApiException.notFound("key");
    }
    Revocation revocation = accounts.revoke(account, id);
    return switch (revocation.outcome()) {
      case NOT_FOUND -> throw ApiException.notFound("key");
      case LAST_ACTIVE_KEY ->
          throw new ApiException(
              HttpStatus.CONFLICT,
              "LAST_ACTIVE_KEY",
              "this is the account's last active key; create another key before revoking it");
      case REVOKED -> view(revocation.key());
    };
  }

  private ApiKeyResponse view(ApiKeyInfo key) {
    return new ApiKeyResponse(
        key.id(),
        key.name(),
        key.active(),
        key.preview(),
        rateLimiter.effectiveLimit(key.rateLimitPerMinute()),
        key.createdAt(),
        key.lastUsedAt(),
        key.revokedAt());
  }
}
