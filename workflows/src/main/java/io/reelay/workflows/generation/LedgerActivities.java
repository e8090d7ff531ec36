package io.reelay.workflows.generation;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Money movements of one generation. Every method is idempotent per generation: the ledger keys
 * each movement by {@code <generationId>:reserve|capture|release}, so a retried activity is a
 * no-op.
 */
@ActivityInterface
public interface LedgerActivities {

  /** Places a hold of the estimated cost, unless the available balance is too small. */
  @ActivityMethod(name = "Reserve")
  ReserveResult reserve(ReserveRequest request);

  /** Captures the actual cost (never more than the hold) and releases the rest of the hold. */
  @ActivityMethod(name = "Capture")
  CaptureResult capture(CaptureRequest request);

  /** Releases the whole hold, if one is still active. Safe to call when none was placed. */
  @ActivityMethod(name = "Release")
  long release(String generationId);

  /**
   * @param generationId the generation the hold belongs to
   * @param accountId    the paying account
   * @param amountMicros the hold, in micro-USD
   */
  record ReserveRequest(String generationId, String accountId, long amountMicros) {}

  /**
   * @param reserved     true when the hold exists (placed now or by an earlier attempt)
   * @param errorCode    INSUFFICIENT_CREDITS or ACCOUNT_NOT_FOUND when not reserved
   * @param message      why it was not reserved
   */
  record ReserveResult(boolean reserved, String errorCode, String message) {}

  /**
   * @param generationId     the generation whose hold is settled
   * @param actualCostMicros what the delivered video costs at the model's rate
   */
  record CaptureRequest(String generationId, long actualCostMicros) {}

  /**
   * @param capturedMicros what was charged
   * @param releasedMicros what went back to the available balance
   */
  record CaptureResult(long capturedMicros, long releasedMicros) {}
}
