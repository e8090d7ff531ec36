package io.reelay.activities.webhooks;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import io.reelay.activities.webhooks.WebhookSecretRepository.SigningSecrets;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Each account's signing secret, created on first use. Rotating keeps the previous secret
 * signing (a second signature in the header) for a grace period, so a receiver can switch over
 * without rejecting a message in between. Only one previous secret is kept: a second rotation
 * within the grace period retires the first secret at once.
 */
@Singleton
public class WebhookSecrets {

  /** What the account sees of its secret. */
  @Introspected
  public record SecretInfo(String secret, Instant createdAt, @Nullable Instant previousValidUntil) {}

  private final WebhookSecretRepository repository;
  private final WebhookPolicy policy;

  public WebhookSecrets(WebhookSecretRepository repository, WebhookPolicy policy) {
    this.repository = repository;
    this.policy = policy;
  }

  @Transactional
  public SecretInfo current(UUID accountId) {
    repository.createIfAbsent(accountId, WebhookSignature.newSecret());
    return repository.info(accountId).orElseThrow();
  }

  /** A new secret; the one it replaces keeps signing for the grace period. */
  @Transactional
  public SecretInfo rotate(UUID accountId) {
    repository.rotate(accountId, WebhookSignature.newSecret(), (double) policy.rotationGrace().toSeconds());
    return repository.info(accountId).orElseThrow();
  }

  /** The secrets that sign a message sent now: the current one, and the previous while valid. */
  @Transactional
  public List<String> signingSecrets(UUID accountId) {
    repository.createIfAbsent(accountId, WebhookSignature.newSecret());
    SigningSecrets found = repository.signingSecrets(accountId).orElseThrow();
    List<String> secrets = new ArrayList<>(List.of(found.secret()));
    if (found.previous() != null) {
      secrets.add(found.previous());
    }
    return secrets;
  }
}
