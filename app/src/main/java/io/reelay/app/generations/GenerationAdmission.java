package io.reelay.app.generations;

import io.micronaut.transaction.annotation.Transactional;
import io.reelay.activities.billing.Ledger;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.workflows.generation.GenerationRequest;
import io.reelay.workflows.generation.LedgerActivities.ReserveResult;
import jakarta.inject.Singleton;
import java.util.UUID;

/**
 * Admission as the create call decides it, once the generation's workflow has started: the read
 * model's pending row and the hold, in one transaction (a client sees the generation only with
 * its hold decided). The workflow's own first steps (RecordCreated, Reserve) do the same
 * idempotent writes, so whichever runs second finds the first one's answer; a refusal is kept
 * (a refused hold), so both always agree.
 */
@Singleton
public class GenerationAdmission {

  private final GenerationStore generations;
  private final Ledger ledger;

  public GenerationAdmission(GenerationStore generations, Ledger ledger) {
    this.generations = generations;
    this.ledger = ledger;
  }

  /** Only for a generation whose workflow is known to run: it captures or releases the hold. */
  @Transactional
  public ReserveResult admit(GenerationRequest request) {
    generations.insertPending(request);
    return ledger.reserve(
        UUID.fromString(request.generationId()),
        UUID.fromString(request.accountId()),
        request.estimatedCostMicros());
  }
}
