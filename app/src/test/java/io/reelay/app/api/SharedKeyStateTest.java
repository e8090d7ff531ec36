package io.reelay.app.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.activities.accounts.AccountDirectory.ApiCaller;
import io.reelay.activities.accounts.AccountDirectory.IssuedKey;
import io.reelay.activities.accounts.AccountDirectory.NewAccount;
import io.reelay.activities.accounts.ApiKeyCache;
import io.reelay.activities.accounts.ApiKeys;
import io.reelay.emulators.testing.EmbeddedApp;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key lookups and rate-limit budgets as several app instances share them: each instance is a
 * Micronaut context of its own (its own caches and Bucket4j proxies) over one real PostgreSQL.
 */
class SharedKeyStateTest {

  private static final Duration TTL = Duration.ofSeconds(1);

  @TempDir static Path dataDir;

  private static EmbeddedPostgres postgres;
  /** Two instances as configured by default. */
  private static ApplicationContext first;
  private static ApplicationContext second;
  /** An instance that keeps lookups for ten minutes, to see what is served from its cache. */
  private static ApplicationContext keeping;

  @BeforeAll
  static void start() {
    postgres = EmbeddedApp.startPostgres();
    first = instance(Map.of());
    second = instance(Map.of());
    keeping = instance(Map.of("reelay.api-keys.cache-ttl", "10m"));
  }

  @AfterAll
  static void stop() throws Exception {
    for (ApplicationContext context : new ApplicationContext[] {first, second, keeping}) {
      if (context != null) {
        context.close();
      }
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aRevokedKeyIsRefusedAtOnceHereAndWithinTheTtlOnAnotherInstance() {
    AccountDirectory directory = first.getBean(AccountDirectory.class);
    NewAccount account = directory.create("revocation", 0);
    IssuedKey issued = directory.issueKey(account.accountId(), "to revoke", null);
    ApiKeyCache here = first.getBean(ApiKeyCache.class);
    ApiKeyCache there = second.getBean(ApiKeyCache.class);
    // both instances have the key's lookup cached
    assertTrue(here.authenticate(issued.apiKey()).isPresent());
    assertTrue(there.authenticate(issued.apiKey()).isPresent());

    directory.revoke(account.accountId(), issued.info().id());
    long revoked = System.nanoTime();

    assertTrue(here.authenticate(issued.apiKey()).isEmpty(), "the revoking instance still accepts the key");
    // on the other instance, any authentication that starts more than the TTL after the
    // revocation committed must refuse; poll until it does
    long deadline = revoked + Duration.ofSeconds(10).toNanos();
    while (true) {
      long started = System.nanoTime();
      boolean accepted = there.authenticate(issued.apiKey()).isPresent();
      if (!accepted) {
        break;
      }
      long after = started - revoked;
      assertTrue(
          after <= TTL.toNanos(),
          "the other instance accepted the revoked key " + Duration.ofNanos(after).toMillis() + " ms after");
      assertTrue(started < deadline, "the other instance never refused the revoked key");
      sleep(20);
    }
    assertTrue(there.authenticate(issued.apiKey()).isEmpty());
    // the account's first key was not touched
    assertTrue(there.authenticate(account.apiKey()).isPresent());
  }

  @Test
  void lookupsAreServedFromTheCacheAndANewKeyWorksAtOnceEverywhere() throws Exception {
    AccountDirectory directory = first.getBean(AccountDirectory.class);
    NewAccount account = directory.create("cached", 0);
    ApiKeyCache cache = keeping.getBean(ApiKeyCache.class);
    assertTrue(cache.authenticate(account.apiKey()).isPresent());
    // revoked behind the app's back (no event): the cached lookup answers, no read is made
    sql("UPDATE api_keys SET revoked_at = now() WHERE key_hash = ?", ApiKeys.hash(account.apiKey()));
    assertTrue(cache.authenticate(account.apiKey()).isPresent());

    // a repeated bad key is read once: a row appearing later is not seen within the TTL
    String bad = ApiKeys.newKey();
    assertTrue(cache.authenticate(bad).isEmpty());
    UUID otherAccount = directory.create("bad key", 0).accountId();
    sql(
        "INSERT INTO api_keys (id, account_id, name, key_hash, preview, created_at)"
            + " VALUES (?, ?, 'planted', ?, 'sk-…', now())",
        UUID.randomUUID(),
        otherAccount,
        ApiKeys.hash(bad));
    assertTrue(cache.authenticate(bad).isEmpty());

    // a key issued on one instance works at once on every instance, the keeping one included
    IssuedKey issued = directory.issueKey(otherAccount, "fresh", null);
    for (ApplicationContext instance : List.of(first, second, keeping)) {
      assertTrue(instance.getBean(ApiKeyCache.class).authenticate(issued.apiKey()).isPresent());
    }
  }

  @Test
  void aKeysUseIsRecordedOffTheRequestAndAtMostOnceAMinute() throws Exception {
    AccountDirectory directory = first.getBean(AccountDirectory.class);
    NewAccount account = directory.create("last used", 0);
    assertEquals(null, lastUsed(directory, account.accountId()));
    assertTrue(first.getBean(ApiKeyCache.class).authenticate(account.apiKey()).isPresent());
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Instant recorded;
    while ((recorded = lastUsed(directory, account.accountId())) == null) {
      assertTrue(System.nanoTime() < deadline, "last_used_at was never written");
      sleep(20);
    }
    // uses within the minute, on this instance and another, leave it as it is
    sql("UPDATE api_keys SET last_used_at = last_used_at - interval '30 seconds' WHERE account_id = ?", account.accountId());
    Instant backdated = lastUsed(directory, account.accountId());
    assertTrue(backdated.isBefore(recorded));
    assertTrue(first.getBean(ApiKeyCache.class).authenticate(account.apiKey()).isPresent());
    assertTrue(second.getBean(ApiKeyCache.class).authenticate(account.apiKey()).isPresent());
    sleep(500); // a write, if one were made, runs in the background
    assertEquals(backdated, lastUsed(directory, account.accountId()));
  }

  private static Instant lastUsed(AccountDirectory directory, UUID account) {
    return directory.keys(account).get(0).lastUsedAt();
  }

  @Test
  void twoInstancesAdmitAtLeastTheLimitAndAtMostTheDocumentedExcess() throws Exception {
    int limit = 2000;
    RateLimiter one = first.getBean(RateLimiter.class);
    RateLimiter two = second.getBean(RateLimiter.class);
    long unsynchronized = one.unsynchronizedPerInstance(limit);
    assertEquals(20, unsynchronized, "1 % of the limit by default");
    ApiCaller caller = caller(limit);

    int threadsPerInstance = 4;
    int attemptsPerThread = 3 * limit / (2 * threadsPerInstance); // 3 × the limit in all
    ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerInstance);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> admitted = new ArrayList<>();
    for (int t = 0; t < 2 * threadsPerInstance; t++) {
      RateLimiter instance = t % 2 == 0 ? one : two;
      admitted.add(
          pool.submit(
              () -> {
                go.await();
                int allowed = 0;
                for (int i = 0; i < attemptsPerThread; i++) {
                  if (instance.consume(caller).allowed()) {
                    allowed++;
                  }
                }
                return allowed;
              }));
    }
    long started = System.nanoTime();
    go.countDown();
    int total = 0;
    for (Future<Integer> result : admitted) {
      total += result.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    // the bucket refills once a minute after its first use: all of this must fall in one window
    assertTrue(tookMillis < 55_000, "took " + tookMillis + " ms: the window may have refilled");
    assertTrue(total >= limit, "admitted " + total + " of a limit of " + limit);
    assertTrue(
        total <= limit + unsynchronized,
        "admitted " + total + ": more than the limit " + limit + " + (2 − 1) × " + unsynchronized);
  }

  @Test
  void oneInstanceCountsExactlyAndItsHeadersSaySo() {
    int limit = 1000; // 10 requests of it may go unwritten
    RateLimiter limiter = first.getBean(RateLimiter.class);
    ApiCaller caller = caller(limit);
    for (int i = 1; i <= 50; i++) {
      RateLimiter.Decision decision = limiter.consume(caller);
      assertTrue(decision.allowed());
      assertEquals(limit, decision.limit());
      assertEquals(limit - i, decision.remaining(), "remaining after " + i);
    }
    // what this instance admitted reaches the shared row, and so the other instance, within
    // about two sync intervals, though the key is quiet here
    RateLimiter other = second.getBean(RateLimiter.class);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int usedThere = 0;
    long remainingThere;
    do {
      remainingThere = other.consume(caller).remaining();
      usedThere++;
      if (remainingThere == limit - 50 - usedThere) {
        break;
      }
      sleep(100);
    } while (System.nanoTime() < deadline);
    assertEquals(limit - 50 - usedThere, remainingThere, "what the other instance sees left");
  }

  /** A key of its own for each test: buckets are per key. */
  private static ApiCaller caller(int limit) {
    return new ApiCaller(UUID.randomUUID(), UUID.randomUUID(), limit);
  }

  private static ApplicationContext instance(Map<String, Object> overrides) {
    Map<String, Object> properties = EmbeddedApp.apiOnly(postgres, dataDir);
    properties.put("reelay.rate-limits.max-per-minute", 1_000_000);
    properties.putAll(overrides);
    return ApplicationContext.run(properties);
  }

  private static void sql(String statement, Object... args) throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        PreparedStatement ps = c.prepareStatement(statement)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      ps.executeUpdate();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
