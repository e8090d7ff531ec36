package io.reelay.app.audit;

import io.reelay.activities.billing.LedgerAudit;
import io.reelay.activities.billing.LedgerAudit.Violation;
import io.reelay.workflows.generation.GenerationIds;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The money audit: the ledger's own invariants plus the one only Temporal can answer — every
 * active hold belongs to a workflow that is still running and will capture or release it.
 */
@Singleton
public class MoneyAudit {

  private final LedgerAudit ledgerAudit;
  private final WorkflowClient temporal;

  public MoneyAudit(LedgerAudit ledgerAudit, WorkflowClient temporal) {
    this.ledgerAudit = ledgerAudit;
    this.temporal = temporal;
  }

  /** The audit's answer; {@code ok} when there is no violation. */
  public record Report(
      boolean ok, long accounts, long generations, int activeHolds, List<Violation> violations) {}

  public Report run() {
    LedgerAudit.Findings findings = ledgerAudit.run();
    List<Violation> violations = new ArrayList<>(findings.violations());
    for (UUID generation : findings.activeHolds()) {
      String state = workflowState(generation);
      // the snapshot is older than the answer from Temporal: a workflow that settled and closed
      // in between left no hold behind, so look again before calling it a violation
      if (!state.equals("RUNNING") && ledgerAudit.holdActive(generation)) {
        violations.add(
            new Violation(
                "hold_has_running_workflow",
                null,
                generation,
                "an active hold whose workflow is " + state));
      }
    }
    return new Report(
        violations.isEmpty(),
        findings.accounts(),
        findings.generations(),
        findings.activeHolds().size(),
        violations);
  }

  private String workflowState(UUID generation) {
    try {
      WorkflowExecutionStatus status =
          temporal
              .newUntypedWorkflowStub(GenerationIds.workflowId(generation.toString()))
              .describe()
              .getStatus();
      return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
          ? "RUNNING"
          : status.name().replace("WORKFLOW_EXECUTION_STATUS_", "");
    } catch (WorkflowNotFoundException e) {
      return "MISSING";
    } catch (RuntimeException e) {
      return "UNKNOWN (Temporal did not answer: " + e.getClass().getSimpleName() + ")";
    }
  }
}
