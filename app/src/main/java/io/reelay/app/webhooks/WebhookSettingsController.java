package io.reelay.app.webhooks;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.webhooks.WebhookSecrets;
import io.reelay.activities.webhooks.WebhookSender;
import io.reelay.activities.webhooks.WebhookStore;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiErrorBody;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.ApiKeyErrors;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;

/**
 * An account's webhook settings: the signing secret (read, rotate) and the default URL that
 * generations created without a webhook_url report to.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "webhooks")
@ApiKeyErrors
public class WebhookSettingsController {

  private final ApiAuth auth;
  private final WebhookSecrets secrets;
  private final WebhookStore store;
  private final WebhookSender sender;

  public WebhookSettingsController(ApiAuth auth, WebhookSecrets secrets, WebhookStore store, WebhookSender sender) {
    this.auth = auth;
    this.secrets = secrets;
    this.store = store;
    this.sender = sender;
  }

  /** The secret that signs this account's webhooks (created on first read). */
  @Get("/webhook-secret")
  @Operation(operationId = "getWebhookSecret", summary = "The webhook signing secret", description = "Created on first read.")
  @ApiResponse(responseCode = "200", description = "The secret.", content = @Content(schema = @Schema(implementation = WebhookSecretResponse.class)))
  public WebhookSecretResponse secret(HttpRequest<?> request) {
    return view(secrets.current(auth.account(request)));
  }

  /** A new secret; the previous one keeps signing alongside it for the grace period. */
  @Post(uri = "/webhook-secret", consumes = MediaType.ALL)
  @Operation(operationId = "rotateWebhookSecret", summary = "Rotate the webhook signing secret", description = "The previous secret keeps signing beside the new one for 24 h.")
  @ApiResponse(responseCode = "200", description = "The new secret.", content = @Content(schema = @Schema(implementation = WebhookSecretResponse.class)))
  public WebhookSecretResponse rotate(HttpRequest<?> request) {
    return view(secrets.rotate(auth.account(request)));
  }

  @Get("/webhook-endpoint")
  @Operation(operationId = "getWebhookEndpoint", summary = "The account's default webhook URL")
  @ApiResponse(responseCode = "200", description = "The URL, or null.", content = @Content(schema = @Schema(implementation = WebhookEndpointResponse.class)))
  public WebhookEndpointResponse endpoint(HttpRequest<?> request) {
    return new WebhookEndpointResponse(store.defaultUrl(auth.account(request)).orElse(null));
  }

  @Put(uri = "/webhook-endpoint", consumes = MediaType.ALL)
  @Operation(operationId = "setWebhookEndpoint", summary = "Set the account's default webhook URL")
  @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = WebhookEndpointRequest.class)))
  @ApiResponse(responseCode = "200", description = "The URL as stored.", content = @Content(schema = @Schema(implementation = WebhookEndpointResponse.class)))
  @ApiResponse(responseCode = "400", description = "INVALID_PARAMETER: not an http(s) URL on a public address.", content = @Content(schema = @Schema(implementation = ApiErrorBody.class)))
  public WebhookEndpointResponse setEndpoint(
      HttpRequest<?> request, @Parameter(hidden = true) @Body @Valid WebhookEndpointRequest body) {
    UUID account = auth.account(request);
    try {
      sender.check(body.url());
    } catch (WebhookSender.RefusedUrlException e) {
      throw ApiException.invalid("url", e.getMessage());
    }
    store.setDefaultUrl(account, body.url().trim());
    return new WebhookEndpointResponse(body.url().trim());
  }

  @Delete(uri = "/webhook-endpoint", consumes = MediaType.ALL)
  @Operation(operationId = "clearWebhookEndpoint", summary = "Remove the account's default webhook URL")
  @ApiResponse(responseCode = "204", description = "Removed (or there was none).")
  public HttpResponse<?> clearEndpoint(HttpRequest<?> request) {
    store.clearDefaultUrl(auth.account(request));
    return HttpResponse.noContent();
  }

  private static WebhookSecretResponse view(WebhookSecrets.SecretInfo info) {
    return new WebhookSecretResponse(info.secret(), info.createdAt(), info.previousValidUntil());
  }
}
