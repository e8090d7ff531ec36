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
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.activities.accounts.AccountDirectory.ApiKeyInfo;
import io.reelay.activities.accounts.AccountDirectory.Revocation;
import io.reelay.app.api.ApiAuth;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.RateLimiter;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** An account's own API keys: create (shown once), list, revoke. */
@Controller("/v1/keys")
@ExecuteOn(TaskExecutors.BLOCKING)
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
  public HttpResponse<?> create(HttpRequest<?> request, @Body Optional<JsonNode> body) {
    UUID account = auth.account(request);
    if (body.isEmpty() || !body.get().isObject()) {
      throw ApiException.invalid(null, "the request body must be a JSON object");
    }
    JsonNode json = body.get();
    JsonNode name = json.get("name");
    if (name == null || !name.isString() || name.getStringValue().isBlank()
        || name.getStringValue().length() > 100
        || name.getStringValue().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw ApiException.invalid("name", "name is required: 1 to 100 printable characters");
    }
    Integer limit = rateLimit(json.get("rate_limit_per_minute"));
    // each key has its own budget: a cap on keys keeps one account from multiplying its rate
    if (accounts.keys(account).stream().filter(ApiKeyInfo::active).count() >= maxActiveKeys) {
      throw new ApiException(
          HttpStatus.CONFLICT,
          "KEY_LIMIT_REACHED",
          "an account may have at most " + maxActiveKeys + " active keys; revoke one first");
    }
    AccountDirectory.IssuedKey issued = accounts.issueKey(account, name.getStringValue().trim(), limit);
    Map<String, Object> view = view(issued.info());
    view.put("key", issued.apiKey());
    view.put("key_id", issued.info().id().toString());
    return HttpResponse.created(view);
  }

  @Get
  public Map<String, Object> list(HttpRequest<?> request) {
    UUID account = auth.account(request);
    return Map.of("data", accounts.keys(account).stream().map(this::view).toList());
  }

  @Delete("/{keyId}")
  public Map<String, Object> revoke(HttpRequest<?> request, @PathVariable String keyId) {
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

  private Integer rateLimit(JsonNode node) {
    if (node == null || node.isNull()) {
      return null;
    }
    int max = rateLimiter.maxPerMinute();
    Number number = node.isNumber() ? node.getNumberValue() : null;
    boolean integral = number instanceof Integer || number instanceof Long || number instanceof BigInteger;
    if (!integral
        || new BigInteger(number.toString()).compareTo(BigInteger.ONE) < 0
        || new BigInteger(number.toString()).compareTo(BigInteger.valueOf(max)) > 0) {
      throw ApiException.invalid(
          "rate_limit_per_minute", "rate_limit_per_minute must be an integer from 1 to " + max);
    }
    return number.intValue();
  }

  private Map<String, Object> view(ApiKeyInfo key) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("id", key.id().toString());
    view.put("name", key.name());
    view.put("is_active", key.active());
    view.put("preview", key.preview());
    view.put("rate_limit_per_minute", rateLimiter.effectiveLimit(key.rateLimitPerMinute()));
    view.put("created_at", key.createdAt().toString());
    view.put("last_used_at", key.lastUsedAt() == null ? null : key.lastUsedAt().toString());
    view.put("revoked_at", key.revokedAt() == null ? null : key.revokedAt().toString());
    return view;
  }
}
