package io.reelay.workflows.webhooks;

/** Workflow ids of webhook deliveries. */
public final class WebhookIds {

  private WebhookIds() {}

  public static String workflowId(String deliveryId) {
    return "webhook-" + deliveryId;
  }
}
