package io.reelay.app.temporal;

import io.micronaut.core.annotation.Order;
import io.reelay.activities.observability.GenerationContext;
import io.reelay.workflows.generation.GenerationIds;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import jakarta.inject.Singleton;

/**
 * Every activity runs with its workflow id, and the generation's id when its workflow is a
 * generation's ({@code generation-<id>}), in the logging MDC and (tracing on) on its RunActivity
 * span. A webhook delivery's workflow is named after the delivery; its activity adds the
 * generation itself once it has read the delivery.
 */
@Singleton
@Order(ActivityLogContext.ORDER)
public class ActivityLogContext extends WorkerInterceptorBase {

  /** Inside the tracing interceptor ({@code TemporalTracing.WORKER_INTERCEPTOR_ORDER}). */
  static final int ORDER = 10;

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityInfo info;

      @Override
      public void init(ActivityExecutionContext context) {
        info = context.getInfo();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        String workflowId = info.getWorkflowId();
        try (GenerationContext ignored = GenerationContext.of(GenerationIds.generationIdOf(workflowId), workflowId)) {
          return super.execute(input);
        }
      }
    };
  }
}
