package io.reelay.workflows.webhooks;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Delivers one webhook message to one URL. Workflow id: {@link WebhookIds#workflowId}. */
@WorkflowInterface
public interface WebhookDeliveryWorkflow {

  @WorkflowMethod
  WebhookDeliveryOutcome deliver(WebhookDelivery delivery);

  @QueryMethod(
      name = "status",
      description =
          "sending, delivered or failed. Attempts and the receiver's answers are in the activity's"
              + " retry state here and in GET /v1/generations/{id}/webhook-deliveries.")
  String status();
}
