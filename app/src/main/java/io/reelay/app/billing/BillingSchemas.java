package io.reelay.app.billing;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The JSON shapes of the billing endpoints, for the OpenAPI document; the controllers beside this
 * file write them. Amounts are USD with at most six decimals.
 */
final class BillingSchemas {

  private BillingSchemas() {}

  /**
   * What the account can spend.
   *
   * @param balanceUsd available: credits minus captures minus active holds
   * @param reservedUsd held by generations still running
   * @param totalSpentUsd captured so far
   */
  @Schema(name = "Balance")
  record Balance(
      BigDecimal balanceUsd,
      BigDecimal reservedUsd,
      BigDecimal totalSpentUsd,
      @Schema(requiredMode = REQUIRED, allowableValues = "USD") String currency) {}

  /**
   * The body of POST /v1/quotes: a generation's parameters. Other fields are refused (400).
   *
   * @param model the model's id, one of GET /v1/models
   */
  @Schema(name = "QuoteRequest", additionalProperties = Schema.AdditionalPropertiesValue.FALSE)
  record QuoteRequest(
      @Schema(requiredMode = REQUIRED) String model,
      @Nullable @Schema(minimum = "1", maximum = "10", description = "Within the model's duration_seconds; default: the model's default.")
          Integer durationSeconds,
      @Nullable @Schema(pattern = "^(480p|720p|1080p)$", description = "One of the model's resolutions: 480p, 720p or 1080p.") String resolution,
      @Nullable @Schema(pattern = "^(16:9|9:16|1:1)$", description = "One of the model's aspect_ratios: 16:9, 9:16 or 1:1.") String aspectRatio,
      @Nullable @Schema(description = "Only for models that offer audio.") Boolean audio) {}

  /**
   * What a generation with these parameters reserves.
   *
   * @param costUsd the hold; settlement bills the measured duration at the same rate, never more
   */
  @Schema(name = "Quote")
  record Quote(
      BigDecimal costUsd,
      @Schema(requiredMode = REQUIRED, allowableValues = "USD") String currency,
      String model,
      int durationSeconds,
      String resolution,
      boolean audio,
      BigDecimal pricePerSecondUsd) {}

  /**
   * Totals of the last period_days days.
   *
   * @param totalRequests generations created
   * @param totalSeconds seconds of video billed
   * @param totalCostUsd captured in the period
   * @param totalSpentUsd captured ever
   */
  @Schema(name = "Usage")
  record Usage(
      int periodDays,
      long totalRequests,
      double totalSeconds,
      BigDecimal totalCostUsd,
      BigDecimal currentBalanceUsd,
      BigDecimal totalSpentUsd,
      @Schema(requiredMode = REQUIRED, allowableValues = "USD") String currency) {}

  /**
   * A page of money movements, newest first.
   *
   * @param nextCursor pass as cursor for the next page; null on the last page
   */
  @Schema(name = "LedgerPage")
  record LedgerPage(List<LedgerEntry> data, @Nullable @Schema(requiredMode = REQUIRED) String nextCursor) {}

  /**
   * One money movement.
   *
   * @param amountUsd the amount moved
   * @param generationId the generation it belongs to; null for a credit
   */
  @Schema(name = "LedgerEntry")
  record LedgerEntry(
      long id,
      Instant time,
      @Schema(requiredMode = REQUIRED, allowableValues = {"credit", "reserve", "capture", "release"}) String kind,
      BigDecimal amountUsd,
      @Nullable @Schema(requiredMode = REQUIRED) UUID generationId,
      BigDecimal balanceAfterUsd) {}
}
