package io.reelay.activities.accounts;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micronaut.context.annotation.Value;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.transaction.annotation.TransactionalEventListener;
import io.reelay.activities.accounts.AccountDirectory.ApiCaller;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authentication of the API's requests, with each key's lookup kept for a short while (Caffeine)
 * so a busy key does not cost a database read per request.
 *
 * <p>How long a lookup is trusted ({@code reelay.api-keys.cache-ttl}, 1 s) is also how long a
 * revocation takes to reach the other instances sharing the database: an entry expires that long
 * after its read <em>began</em>, so a read that saw the key before the revocation committed is
 * forgotten at most that long after the commit. This instance refuses a key it revoked as soon as
 * the revocation commits, even where a read was in flight.
 *
 * <p>A key in use is read again in the background once half the TTL has passed, so its requests
 * do not wait on a read each time its lookup would expire.
 *
 * <p>Unknown and revoked keys are kept too (as empty lookups), so a client repeating a bad key
 * costs one read per TTL; Caffeine's frequency-based admission keeps a flood of distinct bad keys
 * from pushing out the busy good ones. A key issued anywhere works at once everywhere: its lookup
 * can only be cached empty if it was presented before it existed.
 *
 * <p>last_used_at: each instance notes a key's use at most once a minute, written off the
 * request's thread, and {@link AccountDirectory#markUsed} writes the row at most once a minute.
 */
@Singleton
public class ApiKeyCache {

  private static final Logger log = LoggerFactory.getLogger(ApiKeyCache.class);

  private final AccountDirectory directory;
  private final ExecutorService background;
  private final Clock clock = Clock.systemUTC();
  /** By key hash; empty: unknown or revoked. */
  private final LoadingCache<String, Lookup> lookups;
  /** Keys revoked on this instance, until every lookup read before the revocation has expired. */
  private final Cache<UUID, Boolean> revokedHere;
  /** Keys whose use this instance recorded in the last minute. */
  private final Cache<UUID, Boolean> markedUsed =
      Caffeine.newBuilder().expireAfterWrite(AccountDirectory.LAST_USED_RESOLUTION).maximumSize(100_000).build();

  public ApiKeyCache(
      AccountDirectory directory,
      @Named(TaskExecutors.BLOCKING) ExecutorService background,
      @Value("${reelay.api-keys.cache-ttl:1s}") Duration ttl,
      @Value("${reelay.api-keys.cache-size:100000}") long maximumSize) {
    this.directory = directory;
    this.background = background;
    long ttlNanos = Math.max(0, ttl.toNanos());
    this.lookups =
        Caffeine.newBuilder()
            .maximumSize(maximumSize)
            // a busy key is read again in the background after half the TTL, so its requests do
            // not all wait on one read each time its lookup expires
            .refreshAfterWrite(Duration.ofNanos(Math.max(1, ttlNanos / 2)))
            .executor(background)
            .expireAfter(
                new Expiry<String, Lookup>() {
                  @Override
                  public long expireAfterCreate(String hash, Lookup lookup, long now) {
                    return Math.max(0, ttlNanos - (now - lookup.readStartedNanos()));
                  }

                  @Override
                  public long expireAfterUpdate(String hash, Lookup lookup, long now, long remaining) {
                    return expireAfterCreate(hash, lookup, now);
                  }

                  @Override
                  public long expireAfterRead(String hash, Lookup lookup, long now, long remaining) {
                    return remaining;
                  }
                })
            .build(this::read);
    this.revokedHere = Caffeine.newBuilder().expireAfterWrite(Duration.ofNanos(ttlNanos)).build();
  }

  /** The caller behind a presented key, if the key is known and not revoked. */
  public Optional<ApiCaller> authenticate(String presentedKey) {
    if (!ApiKeys.plausible(presentedKey)) {
      return Optional.empty();
    }
    Optional<ApiCaller> caller =
        lookups.get(ApiKeys.hash(presentedKey)).caller()
            .filter(known -> revokedHere.getIfPresent(known.keyId()) == null);
    caller.ifPresent(this::noteUse);
    return caller;
  }

  @TransactionalEventListener
  void onRevoked(ApiKeyRevoked revoked) {
    revokedHere.put(revoked.keyId(), Boolean.TRUE);
    lookups.asMap().values().removeIf(lookup -> lookup.names(revoked.keyId()));
  }

  private Lookup read(String keyHash) {
    long started = System.nanoTime(); // Caffeine's default ticker
    return new Lookup(directory.findCaller(keyHash), started);
  }

  private void noteUse(ApiCaller caller) {
    if (markedUsed.asMap().putIfAbsent(caller.keyId(), Boolean.TRUE) != null) {
      return;
    }
    var usedAt = clock.instant();
    background.execute(
        () -> {
          try {
            directory.markUsed(caller.keyId(), usedAt);
          } catch (RuntimeException e) {
            markedUsed.invalidate(caller.keyId()); // try again on the next use
            log.warn("could not record the use of key {}: {}", caller.keyId(), e.toString());
          }
        });
  }

  private record Lookup(Optional<ApiCaller> caller, long readStartedNanos) {
    boolean names(UUID keyId) {
      return caller.map(c -> c.keyId().equals(keyId)).orElse(false);
    }
  }
}
