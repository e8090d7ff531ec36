package io.reelay.app.admin;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.util.UUID;

/** The JSON shapes of the admin endpoints, for the OpenAPI document; {@link AdminController} writes them. */
final class AdminSchemas {

  private AdminSchemas() {}

  /**
   * The body of POST /admin/v1/accounts.
   *
   * @param creditsUsd the opening balance, default 0: more than 0 and at most 1000000, at most six decimals
   */
  @Schema(name = "CreateAccountRequest")
  record CreateAccountRequest(
      @Schema(requiredMode = REQUIRED, minLength = 1, maxLength = 200, pattern = "^[^\\x00-\\x1F\\x7F]*$", description = "Not blank.")
          String name,
      @Nullable @Schema(oneOf = {UsdNumber.class, UsdText.class}) Object creditsUsd) {}

  /**
   * The body of POST /admin/v1/accounts/{id}/credits.
   *
   * @param amountUsd what to add: more than 0 and at most 1000000, at most six decimals
   */
  @Schema(name = "CreditRequest")
  record CreditRequest(@Schema(requiredMode = REQUIRED, oneOf = {UsdNumber.class, UsdText.class}) Object amountUsd) {}

  /** A number of US dollars. */
  @Schema(name = "UsdNumber", type = "number", exclusiveMinimum = true, minimum = "0", maximum = "1000000")
  interface UsdNumber {}

  /** A decimal string of US dollars, e.g. "10.00". */
  @Schema(name = "UsdText", type = "string", pattern = "^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$")
  interface UsdText {}

  /**
   * A new account and its first API key.
   *
   * @param apiKey shown only this once
   */
  @Schema(name = "NewAccount")
  record NewAccount(UUID accountId, String name, String apiKey, BigDecimal balanceUsd) {}

  /** An account's balance after a credit. */
  @Schema(name = "AccountBalance")
  record AccountBalance(UUID accountId, BigDecimal balanceUsd, BigDecimal reservedUsd, BigDecimal totalSpentUsd) {}

  /**
   * The body of PUT /admin/v1/accounts/{id}/retention.
   *
   * @param videoRetentionDays null: the server's default
   */
  @Schema(name = "RetentionRequest")
  record RetentionRequest(
      @Nullable @Schema(requiredMode = REQUIRED, type = "integer", minimum = "1", maximum = "3650") Integer videoRetentionDays) {}

  /**
   * How long an account's videos are kept after their generation completed.
   *
   * @param videoRetentionDays the account's own; null when it uses the default
   * @param effectiveRetentionSeconds what applies now (its own, else the default)
   */
  @Schema(name = "Retention")
  record Retention(
      UUID accountId,
      @Nullable @Schema(requiredMode = REQUIRED) Integer videoRetentionDays,
      long effectiveRetentionSeconds) {}
}
