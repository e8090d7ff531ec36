package io.reelay.app.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.NopeOptimizationListener;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.distributed.proxy.optimization.skiponzero.SkipSyncOnZeroOptimization;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.micronaut.context.annotation.Value;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.scheduling.annotation.Scheduled;
import io.reelay.activities.accounts.AccountDirectory.ApiCaller;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-key request budgets with Bucket4j. Each key's token bucket is a row of
 * {@code rate_limit_buckets} in PostgreSQL, so every app instance sharing the database draws from
 * the same budget. A bucket holds the key's limit and refills it in full once a minute.
 *
 * <p>A request does not lock the row each time. Each instance keeps one Bucket4j proxy per key
 * (in a Caffeine cache, since the proxy's local state is what its optimization works on):
 *
 * <ul>
 *   <li>a key whose limit gives at least one token of {@code local-percent} (1 % by default, so
 *       100 a minute and up) is served from the instance's copy of the bucket for up to that many
 *       requests or {@code sync-interval} (1 s), whichever comes first, then the count is written
 *       to the row in one go (Bucket4j's delaying optimization, concurrent requests batched).
 *       With N instances a minute can admit at most (N − 1) × that many requests above the limit;
 *       the bucket then goes below zero and the excess is taken from the next minute. No request
 *       is refused before the key's full limit has been admitted in that minute.
 *   <li>a smaller limit is exact, as before: each admitted request is a row update; a refusal is
 *       answered from the instance's copy until the next refill (Bucket4j's skip-on-zero
 *       optimization), since nothing but the refill adds requests to a bucket.
 * </ul>
 *
 * docs/api.md#rate-limits says the same to clients.
 */
@Singleton
public class RateLimiter {

  private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

  /** A proxy idle this long has nothing left to sync and holds nothing the row does not. */
  private static final Duration IDLE_PROXY_LIFETIME = Duration.ofMinutes(2);

  private final ProxyManager<String> rows;
  private final int defaultPerMinute;
  private final int maxPerMinute;
  private final double localPercent;
  private final Duration syncInterval;
  private final Cache<String, KeyBucket> buckets;

  public RateLimiter(
      DataSource dataSource,
      Optional<DataSourceResolver> resolver,
      @Value("${reelay.rate-limits.default-per-minute:60}") int defaultPerMinute,
      @Value("${reelay.rate-limits.max-per-minute:6000}") int maxPerMinute,
      @Value("${reelay.rate-limits.local-percent:1}") double localPercent,
      @Value("${reelay.rate-limits.sync-interval:1s}") Duration syncInterval) {
    // Bucket4j manages its own short transactions: give it the pool, not the
    // transaction-aware proxy Micronaut Data injects
    this.rows =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(
                resolver.orElse(DataSourceResolver.DEFAULT).resolve(dataSource))
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table("rate_limit_buckets")
            .build();
    this.defaultPerMinute = defaultPerMinute;
    this.maxPerMinute = maxPerMinute;
    this.localPercent = Math.max(0, localPercent);
    this.syncInterval = syncInterval;
    this.buckets =
        Caffeine.newBuilder()
            .expireAfterAccess(IDLE_PROXY_LIFETIME)
            .maximumSize(100_000)
            .removalListener(
                (String name, KeyBucket bucket, RemovalCause cause) -> {
                  if (bucket != null) {
                    bucket.syncUnwritten(Duration.ZERO); // a proxy evicted early keeps no count to itself
                  }
                })
            .build();
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

  /**
   * How many requests of a key with this limit an instance may admit before it writes them to the
   * shared row; 0: every admitted request is written at once.
   */
  public long unsynchronizedPerInstance(int limit) {
    return (long) Math.floor(limit * localPercent / 100);
  }

  /** Takes one request from the caller's budget. */
  public Decision consume(ApiCaller caller) {
    int limit = effectiveLimit(caller.rateLimitPerMinute());
    // the limit is part of the bucket's name: a changed limit starts a fresh bucket
    ConsumptionProbe probe =
        buckets
            .get(caller.keyId() + "/" + limit, name -> open(name, limit))
            .proxy()
            .tryConsumeAndReturnRemaining(1);
    long now = System.currentTimeMillis();
    long resetAt = (now + probe.getNanosToWaitForReset() / 1_000_000 + 999) / 1000;
    long retryAfter = (probe.getNanosToWaitForRefill() + 999_999_999) / 1_000_000_000;
    return new Decision(probe.isConsumed(), limit, probe.getRemainingTokens(), resetAt, retryAfter);
  }

  /**
   * Writes what an instance admitted for a key that then went quiet, so the row (and the other
   * instances) see it within about two sync intervals, not only at the key's next request here.
   */
  @Scheduled(fixedDelay = "${reelay.rate-limits.sync-interval:1s}")
  void syncQuietBuckets() {
    buckets.asMap().values().forEach(bucket -> bucket.syncUnwritten(syncInterval));
  }

  private KeyBucket open(String name, int limit) {
    BucketConfiguration configuration =
        BucketConfiguration.builder()
            .addLimit(l -> l.capacity(limit).refillIntervally(limit, Duration.ofMinutes(1)))
            .build();
    long unsynchronized = unsynchronizedPerInstance(limit);
    Optimization optimization =
        unsynchronized > 0
            ? Optimizations.delaying(new DelayParameters(unsynchronized, syncInterval))
            : new SkipSyncOnZeroOptimization(NopeOptimizationListener.INSTANCE, TimeMeter.SYSTEM_MILLISECONDS);
    // Bucket4j 8.14's batching turns "bucket not found" for a batch of concurrent first requests
    // into an exception instead of creating the bucket: make sure the row exists first, with a
    // plain proxy (the cache loads each key once, the others wait for it)
    rows.builder().build(name, () -> configuration).getAvailableTokens();
    BucketProxy proxy = rows.builder().withOptimization(optimization).build(name, () -> configuration);
    return new KeyBucket(proxy, unsynchronized > 0);
  }

  /** One key's proxy; {@code delays}: it admits requests it has not written yet. */
  private record KeyBucket(BucketProxy proxy, boolean delays) {
    void syncUnwritten(Duration quietFor) {
      if (!delays) {
        return;
      }
      try {
        proxy.getOptimizationController().syncByCondition(1, quietFor);
      } catch (RuntimeException e) {
        // the next request or run tries again (the count stays in the proxy); an outage of the
        // database shows elsewhere, not as one line per key and second here
        log.debug("could not write a rate-limit count: {}", e.toString());
      }
    }
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
