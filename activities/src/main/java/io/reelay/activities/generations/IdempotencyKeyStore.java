package io.reelay.activities.generations;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Client Idempotency-Keys. The first create with a key claims it for a new generation id; every
 * retry with the same key (from the same account) gets that id back.
 */
@Singleton
public class IdempotencyKeyStore {

  private final GenerationRepository generations;

  public IdempotencyKeyStore(GenerationRepository generations) {
    this.generations = generations;
  }

  /**
   * Claims {@code key} for {@code candidateId}, or answers the generation it was claimed for
   * earlier together with the request fingerprint stored then.
   */
  @Transactional
  public Claim claim(UUID accountId, String key, UUID candidateId, String requestHash) {
    if (generations.claimIdempotencyKey(accountId, key, candidateId, requestHash) == 1) {
      return new Claim(candidateId, false, true);
    }
    ClaimedKey earlier = generations.claimedIdempotencyKey(accountId, key).orElseThrow();
    return new Claim(earlier.generationId(), true, earlier.requestHash().equals(requestHash));
  }

  /** What a key was claimed for: the generation and the request's fingerprint. */
  @Introspected
  record ClaimedKey(UUID generationId, String requestHash) {}

  /**
   * @param generationId the generation the key stands for
   * @param replay       true when the key had been used before
   * @param sameRequest  whether the earlier request had the same fingerprint
   */
  public record Claim(UUID generationId, boolean replay, boolean sameRequest) {}
}
