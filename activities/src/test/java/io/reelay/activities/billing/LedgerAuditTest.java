package io.reelay.activities.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.activities.testing.PostgresContext;
import io.reelay.workflows.generation.AssetActivities.StoredVideo;
import io.reelay.workflows.generation.GenerationRequest;
import io.reelay.workflows.generation.VideoSpec;
import io.reelay.workflows.generation.WaitPolicy;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ledger audit finds each kind of broken money invariant, and nothing when all is well. */
class LedgerAuditTest {

  private PostgresContext db;
  private Ledger ledger;
  private LedgerAudit audit;
  private GenerationStore generations;
  private UUID account;

  @BeforeEach
  void start() throws Exception {
    db = PostgresContext.start();
    ledger = db.bean(Ledger.class);
    audit = db.bean(LedgerAudit.class);
    generations = db.bean(GenerationStore.class);
    account = db.bean(AccountDirectory.class).create("audited", 1_000_000).accountId();
  }

  @AfterEach
  void stop() throws Exception {
    db.close();
  }

  @Test
  void aCleanLedgerHasNoViolations() {
    UUID done = generation("completed");
    UUID failed = generation("failed");
    UUID running = generation(null);
    assertEquals(List.of(), audit.run().violations());
    LedgerAudit.Findings findings = audit.run();
    assertEquals(List.of(running), findings.activeHolds());
    assertEquals(3, findings.generations());
    assertTrue(done != null && failed != null);
  }

  @Test
  void accountTotalsThatDisagreeWithTheJournalAreFound() {
    generation("completed");
    sql("UPDATE accounts SET captured_micros = captured_micros + 1 WHERE id = ?", account);
    assertEquals(
        List.of("balance_equals_credits_minus_captures_minus_holds"), checks(audit.run().violations()));
  }

  @Test
  void aFailedGenerationThatWasChargedIsFound() {
    UUID failed = generation("failed");
    sql(
        "INSERT INTO ledger_entries (account_id, generation_id, kind, amount_micros,"
            + " balance_after_micros, idempotency_key) VALUES (?, ?, 'capture', 50000, 0, ?)",
        account,
        failed,
        failed + ":capture");
    List<String> found = checks(audit.run().violations());
    assertTrue(found.contains("unfinished_never_captured"), found.toString());
  }

  @Test
  void aCompletedGenerationWithoutItsCaptureIsFound() {
    UUID done = generation("completed");
    sql("DELETE FROM ledger_entries WHERE generation_id = ? AND kind = 'capture'", done);
    List<String> found = checks(audit.run().violations());
    assertTrue(found.contains("completed_captured_once"), found.toString());
  }

  @Test
  void aCaptureAlongsideAFullReleaseIsFound() {
    UUID done = generation("completed"); // captured 100 000 of a 100 000 hold: no release
    sql(
        "INSERT INTO ledger_entries (account_id, generation_id, kind, amount_micros,"
            + " balance_after_micros, idempotency_key) VALUES (?, ?, 'release', 100000, 0, ?)",
        account,
        done,
        done + ":release");
    List<String> found = checks(audit.run().violations());
    assertTrue(found.contains("captured_and_fully_released"), found.toString());
  }

  /** A generation with a hold, taken to the given end state (null: still running). */
  private UUID generation(String end) {
    UUID id = UUID.randomUUID();
    generations.insertPending(
        new GenerationRequest(
            id.toString(),
            account.toString(),
            "sim-poll",
            "sim",
            new VideoSpec("audit", null, 2, "16:9", "480p", 1L, false),
            new WaitPolicy(false, 1, 60),
            100_000,
            50_000,
            null));
    assertTrue(ledger.reserve(id, account, 100_000).reserved());
    if ("completed".equals(end)) {
      ledger.capture(id, 100_000);
      generations.markCompleted(id, new StoredVideo("videos/" + id + ".mp4", 10, "ab", 2000, 854, 480), 100_000);
    } else if ("failed".equals(end)) {
      ledger.release(id);
      generations.markFailed(id, "PROVIDER_FAILED", "test");
    }
    return id;
  }

  private void sql(String statement, Object... args) {
    db.execute(statement, args);
  }

  private static List<String> checks(List<LedgerAudit.Violation> violations) {
    return violations.stream().map(LedgerAudit.Violation::check).distinct().toList();
  }
}
