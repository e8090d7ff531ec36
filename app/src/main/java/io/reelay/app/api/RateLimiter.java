package io.reelay.app.api;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.micronaut.context.annotation.Value;
import io.micronaut.jdbc.DataSourceResolver;
import io.reelay.activities.accounts.AccountDirectory.ApiCaller;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Per-key request budgets with Bucket4j. Each key's token bucket is a row of
 * {@code rate_limit_buckets} in PostgreSQL, read and written under SELECT ... FOR UPDATE, so every
 * app instance sharing the database draws from the same budget. A bucket holds the key's limit
 * and refills it in full once a minute.
 */
@Singleton
public class RateLimiter {

  private final ProxyManager<String> buckets;
  private final int defaultPerMinute;
  private final int maxPerMinute;

  public RateLimiter(
      DataSource dataSource,
      Optional<DataSourceResolver> resolver,
      @Value("${reelay.rate-limits.default-per-minute:60}") int defaultPerMinute,
      @Value("${reelay.rate-limits.max-per-minute:6000}") int maxPerMinute) {
    // Bucket4j manages its own short transactions: give it the pool, not the
    // transaction-aware proxy Micronaut Data injects
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(
                resolver.orElse(DataSourceResolver.DEFAULT).resolve(dataSource))
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("rate_limit_buckets")
            .build();
    this.defaultPerMinute = defaultPerMinute;
    this.maxPerMinute = maxPerMinute;
  }

  public int defaultPerMinute() {
    return defaultPerMinute;
  }

  public int maxPerMinute() {
    return maxPerMinute;
  }

  /** A key's limit: its own, or the default, never above the configured maximum. */
  public int effectiveLimit(Integer ownLimit) {
    return Math.min(maxPerMinute, ownLimit == null ? defaultPerMinute : ownLimit);
  }

  /** Takes one request from the caller's budget. */
  public Decision consume(ApiCaller caller) {
    int limit = effectiveLimit(caller.rateLimitPerMinute());
    BucketConfiguration configuration =
        BucketConfiguration.builder()
            .addLimit(l -> l.capacity(limit).refillIntervally(limit, Duration.ofMinutes(1)))
            .build();
    // the limit is part of the bucket's name: a changed limit starts a fresh bucket
    ConsumptionProbe probe =
        buckets
            .builder()
            .build(caller.keyId() + "/" + limit, () -> configuration)
            .tryConsumeAndReturnRemaining(1);
    long now = System.currentTimeMillis();
    long resetAt = (now + probe.getNanosToWaitForReset() / 1_000_000 + 999) / 1000;
    long retryAfter = (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000;
    return new Decision(probe.isConsumed(), limit, probe.getRemainingTokens(), resetAt, retryAfter);
  }

  /**
   * @param allowed           whether the request may go on
   * @param limit             requests per minute for this key
   * @param remaining         what is left in the current window
   * @param resetEpochSeconds when the budget is full again (Unix time, seconds)
   * @param retryAfterSeconds when refused: how long until a request would pass
   */
  public record Decision(
      boolean allowed, int limit, long remaining, long resetEpochSeconds, long retryAfterSeconds) {}
}
