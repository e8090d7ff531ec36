package io.reelay.app.compat.videogenapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.math.BigDecimal;
import java.util.UUID;

/** GET user: who the key belongs to, its usage, balance (USD) and request budget. */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record UserView(boolean success, User user, Usage usage, Balance balance, @Nullable RateLimit rateLimit) {

  /** @param id the Reelay account id */
  @Serdeable(naming = SnakeCaseStrategy.class)
  record User(UUID id) {}

  /**
   * @param availableUsd what new generations can use
   * @param reservedUsd held by generations still running
   * @param spentUsd charged so far
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  record Balance(BigDecimal availableUsd, BigDecimal reservedUsd, BigDecimal spentUsd, String currency) {}

  /**
   * The key's request budget, as of this request.
   *
   * @param window the budget's period
   * @param resetTime when it is full again, {@code yyyy-MM-dd HH:mm:ss} (UTC)
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  record RateLimit(int limit, long remaining, String window, String resetTime) {}
}
