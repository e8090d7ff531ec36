package io.reelay.activities.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.transaction.TransactionOperations;
import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.activities.testing.PostgresContext;
import java.sql.Connection;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The money counters on a real PostgreSQL: each movement counted once however often it is
 * replayed, and a movement whose transaction rolls back not at all.
 */
class MoneyMetricsTest {

  private static PostgresContext db;
  private static Ledger ledger;
  private static AccountDirectory accounts;
  private static SimpleMeterRegistry counted;

  @BeforeAll
  static void start() throws Exception {
    db = PostgresContext.start();
    ledger = db.bean(Ledger.class);
    accounts = db.bean(AccountDirectory.class);
    // the context's registry publishes nowhere in this module; a simple one keeps the counts
    counted = new SimpleMeterRegistry();
    ((CompositeMeterRegistry) db.bean(MeterRegistry.class)).add(counted);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
  }

  @Test
  void replayedMovementsCountOnce() {
    UUID account = accounts.create("metrics-replay", 1_000_000).accountId();
    UUID generation = UUID.randomUUID();
    double reserved = count("reelay.money.reserved");
    double captured = count("reelay.money.captured");
    double released = count("reelay.money.released");

    ledger.reserve(generation, account, 300_000);
    ledger.reserve(generation, account, 300_000);
    ledger.capture(generation, 200_000);
    ledger.capture(generation, 200_000);
    ledger.release(generation);

    assertEquals(300_000, count("reelay.money.reserved") - reserved);
    assertEquals(200_000, count("reelay.money.captured") - captured);
    assertEquals(100_000, count("reelay.money.released") - released, "the rest of the hold, once");
  }

  @Test
  void aMovementRolledBackIsNotCounted() {
    UUID account = accounts.create("metrics-rollback", 1_000_000).accountId();
    double reserved = count("reelay.money.reserved");
    @SuppressWarnings("unchecked")
    TransactionOperations<Connection> tx = db.bean(TransactionOperations.class);
    tx.executeWrite(
        status -> {
          ledger.reserve(UUID.randomUUID(), account, 300_000);
          status.setRollbackOnly();
          return null;
        });
    assertEquals(0, count("reelay.money.reserved") - reserved);

    ledger.reserve(UUID.randomUUID(), account, 300_000);
    assertEquals(300_000, count("reelay.money.reserved") - reserved, "the counter can move");
  }

  private static double count(String name) {
    var counter = counted.find(name).counter();
    return counter == null ? 0 : counter.count();
  }
}
