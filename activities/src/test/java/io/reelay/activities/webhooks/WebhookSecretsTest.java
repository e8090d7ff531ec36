package io.reelay.activities.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.activities.testing.PostgresContext;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secrets on real PostgreSQL: created once, rotated with a grace period for the previous one. */
class WebhookSecretsTest {

  private static PostgresContext db;
  private static WebhookSecrets secrets;

  @BeforeAll
  static void start() throws Exception {
    db = PostgresContext.start();
    secrets = db.bean(WebhookSecrets.class);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  private static UUID account() {
    return db.bean(AccountDirectory.class).create("hooks-" + UUID.randomUUID(), 0).accountId();
  }

  @Test
  void theFirstReadCreatesASecretThatStaysUntilRotated() {
    UUID account = account();
    WebhookSecrets.SecretInfo first = secrets.current(account);
    assertEquals(first.secret(), secrets.current(account).secret());
    assertNull(first.previousValidUntil());
    assertEquals(List.of(first.secret()), secrets.signingSecrets(account));
    assertNotEquals(first.secret(), secrets.current(account()).secret(), "each account has its own");
  }

  @Test
  void theRotatedSecretSignsBesideTheNewOneUntilTheGracePeriodEnds() throws Exception {
    UUID account = account();
    String old = secrets.current(account).secret();
    WebhookSecrets.SecretInfo rotated = secrets.rotate(account);
    assertNotEquals(old, rotated.secret());
    assertNotNull(rotated.previousValidUntil());
    assertEquals(List.of(rotated.secret(), old), secrets.signingSecrets(account));

    // the grace period ends
    db.execute(
        "UPDATE webhook_secrets SET previous_valid_until = now() - interval '1 second' WHERE account_id = ?",
        account);
    assertEquals(List.of(rotated.secret()), secrets.signingSecrets(account));
    assertNull(secrets.current(account).previousValidUntil());
  }

  @Test
  void rotatingBeforeTheFirstReadCreatesTheSecret() {
    UUID account = account();
    WebhookSecrets.SecretInfo created = secrets.rotate(account);
    assertEquals(created.secret(), secrets.current(account).secret());
    assertNull(created.previousValidUntil());
  }
}
