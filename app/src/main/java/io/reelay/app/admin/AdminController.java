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
import io.reelay.app.api.ApiException;
import io.reelay.app.api.Usd;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Operator endpoints, behind the admin token: create accounts, add credits. */
@Controller("/admin/v1/accounts")
@ExecuteOn(TaskExecutors.BLOCKING)
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
  public HttpResponse<?> create(HttpRequest<?> request, @Body Optional<JsonNode> body) {
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
  public Map<String, Object> credit(
      HttpRequest<?> request,
      @PathVariable String id,
      @Body Optional<JsonNode> body,
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
