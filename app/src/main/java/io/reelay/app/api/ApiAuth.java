package io.reelay.app.api;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.reelay.activities.accounts.AccountDirectory;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.UUID;

/** Resolves who is calling: an account by its API key, or the operator by the admin token. */
@Singleton
public class ApiAuth {

  private final AccountDirectory accounts;
  private final String adminToken;

  public ApiAuth(AccountDirectory accounts, @Value("${reelay.admin-token:}") String adminToken) {
    this.accounts = accounts;
    this.adminToken = adminToken;
  }

  /** The calling account; 401 INVALID_API_KEY when the key is missing, malformed or revoked. */
  public UUID account(HttpRequest<?> request) {
    String key = bearer(request);
    if (key == null) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED,
          "INVALID_API_KEY",
          "send your API key as 'Authorization: Bearer <key>'");
    }
    return accounts
        .authenticate(key)
        .orElseThrow(
            () ->
                new ApiException(
                    HttpStatus.UNAUTHORIZED, "INVALID_API_KEY", "the API key is not valid"));
  }

  /** Passes only with the configured admin token. */
  public void admin(HttpRequest<?> request) {
    String token = bearer(request);
    if (adminToken == null || adminToken.isBlank()) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED, "INVALID_ADMIN_TOKEN", "the admin API is off: no admin token is configured");
    }
    if (token == null
        || !MessageDigest.isEqual(
            adminToken.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      throw new ApiException(
          HttpStatus.UNAUTHORIZED, "INVALID_ADMIN_TOKEN", "send the admin token as 'Authorization: Bearer <token>'");
    }
  }

  private static String bearer(HttpRequest<?> request) {
    String header = request.getHeaders().get("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String value = header.substring(7).trim();
    return value.isEmpty() ? null : value;
  }
}
