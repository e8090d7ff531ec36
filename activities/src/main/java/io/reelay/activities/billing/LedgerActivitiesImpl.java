package io.reelay.activities.billing;

import io.reelay.workflows.generation.LedgerActivities;
import jakarta.inject.Singleton;
import java.util.UUID;

/** The workflow's billing port, backed by the {@link Ledger}. */
@Singleton
public class LedgerActivitiesImpl implements LedgerActivities {

  private final Ledger ledger;

  public LedgerActivitiesImpl(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public ReserveResult reserve(ReserveRequest request) {
    return ledger.reserve(
        UUID.fromString(request.generationId()),
        UUID.fromString(request.accountId()),
        request.amountMicros());
  }

  @Override
  public CaptureResult capture(CaptureRequest request) {
    return ledger.capture(UUID.fromString(request.generationId()), request.actualCostMicros());
  }

  @Override
  public long release(String generationId) {
    return ledger.release(UUID.fromString(generationId));
  }
}
