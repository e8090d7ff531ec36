package io.reelay.activities;

import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.TransactionSynchronization;
import jakarta.inject.Singleton;
import java.sql.Connection;

/**
 * Runs something once the current transaction has committed (at once when there is none). A
 * metric that counts an applied write counts it here: a write rolled back afterwards (by a later
 * statement of the same transaction, or by the caller's transaction around it) was never applied,
 * and its retry counts instead.
 */
@Singleton
public class AfterCommit {

  private final TransactionOperations<Connection> tx;

  public AfterCommit(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  public void run(Runnable action) {
    var status = tx.findTransactionStatus();
    if (status.isEmpty()) {
      action.run();
      return;
    }
    status
        .get()
        .registerSynchronization(
            new TransactionSynchronization() {
              @Override
              public void afterCommit() {
                action.run();
              }
            });
  }
}
