package io.reelay.app.billing;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A page of money movements, newest first: GET /v1/ledger.
 *
 * @param nextCursor pass as cursor for the next page; null on the last page
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "LedgerPage")
public record LedgerPage(
    List<Entry> data, @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String nextCursor) {

  /**
   * One money movement.
   *
   * @param amountUsd the amount moved
   * @param generationId the generation it belongs to; null for a credit
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  @Schema(name = "LedgerEntry")
  public record Entry(
      long id,
      Instant time,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = {"credit", "reserve", "capture", "release"})
          String kind,
      BigDecimal amountUsd,
      @Nullable @Schema(requiredMode = Schema.RequiredMode.REQUIRED) UUID generationId,
      BigDecimal balanceAfterUsd) {}
}
