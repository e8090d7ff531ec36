package io.reelay.app.compat.vinci;

import io.micronaut.core.annotation.Nullable;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.app.api.ApiException;
import io.reelay.app.billing.BalanceController;
import io.reelay.app.billing.BalanceResponse;
import io.reelay.app.billing.UsageController;
import io.reelay.app.billing.UsageResponse;
import io.reelay.app.keys.ApiKeyResponse;
import io.reelay.app.keys.CreateKeyRequest;
import io.reelay.app.keys.KeysController;
import io.reelay.app.keys.NewApiKeyResponse;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.Valid;
import java.util.List;
import java.util.UUID;

/**
 * Vinci's account endpoints: API keys, balance and usage. They are the native API's own
 * operations (the same keys, limits and ledger), answered in Vinci's words: this class only
 * translates, so the rules (key caps, the server's maximum rate, the usage period) stay in one place.
 */
@Controller("/compat/vinci/api/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
public class VinciAccountController {

  private final KeysController keys;
  private final BalanceController balances;
  private final UsageController usage;

  public VinciAccountController(KeysController keys, BalanceController balances, UsageController usage) {
    this.keys = keys;
    this.balances = balances;
    this.usage = usage;
  }

  @Post(value = "/keys", consumes = MediaType.ALL)
  public CreatedKey createKey(HttpRequest<?> request, @Body @Valid KeyCreateRequest body) {
    int limit = body.rateLimit() == null ? VinciRules.DEFAULT_RATE_LIMIT : body.rateLimit();
    NewApiKeyResponse issued = keys.create(request, new CreateKeyRequest(body.name(), limit)).body();
    return new CreatedKey(
        VinciMapping.keyId(issued.apiKey().id()),
        issued.apiKey().name(),
        issued.key(),
        issued.apiKey().rateLimitPerMinute(),
        issued.apiKey().createdAt());
  }

  @Get("/keys")
  public KeyList listKeys(HttpRequest<?> request) {
    List<KeyView> views =
        keys.list(request).data().stream()
            .map(
                key ->
                    new KeyView(
                        VinciMapping.keyId(key.id()),
                        key.name(),
                        key.isActive(),
                        key.createdAt(),
                        key.lastUsedAt(),
                        VinciMapping.keyPreview(key.preview()),
                        key.rateLimitPerMinute()))
            .toList();
    return new KeyList(views, views.size());
  }

  @Delete("/keys/{key_id}")
  public KeyRevoked revokeKey(HttpRequest<?> request, @PathVariable("key_id") String keyId) {
    UUID id = VinciMapping.keyUuid(keyId).orElseThrow(() -> ApiException.notFound("key"));
    ApiKeyResponse revoked = keys.revoke(request, id.toString());
    return new KeyRevoked("API key revoked", VinciMapping.keyId(revoked.id()));
  }

  @Get("/billing/balance")
  public BalanceView balance(HttpRequest<?> request) {
    BalanceResponse balance = balances.balance(request);
    return new BalanceView(balance.balanceUsd(), balance.totalSpentUsd());
  }

  /** days: 1 to 90, default 30, the native usage report's own rule. */
  @Get("/billing/usage")
  public UsageView usage(HttpRequest<?> request, @QueryValue @Nullable Integer days) {
    UsageResponse report = usage.usage(request, days);
    return new UsageView(
        report.periodDays(),
        report.totalRequests(),
        report.totalSeconds(),
        report.totalCostUsd(),
        report.currentBalanceUsd(),
        report.totalSpentUsd());
  }
}
