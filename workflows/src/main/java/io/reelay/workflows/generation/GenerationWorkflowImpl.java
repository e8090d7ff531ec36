package io.reelay.workflows.generation;

import io.reelay.workflows.generation.AssetActivities.StoreVideo;
import io.reelay.workflows.generation.AssetActivities.StoredVideo;
import io.reelay.workflows.generation.LedgerActivities.CaptureRequest;
import io.reelay.workflows.generation.LedgerActivities.CaptureResult;
import io.reelay.workflows.generation.LedgerActivities.ReserveRequest;
import io.reelay.workflows.generation.LedgerActivities.ReserveResult;
import io.reelay.workflows.generation.ProviderActivities.PollJob;
import io.reelay.workflows.generation.ProviderActivities.SubmitJob;
import io.reelay.workflows.generation.ProviderActivities.SubmittedJob;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;

/**
 * admit → submit → wait → store → settle. The hold placed at admission is always either captured
 * (success) or released (failure, deadline, cancel); compensation runs in detached scopes so a
 * cancellation cannot interrupt it.
 */
public class GenerationWorkflowImpl implements GenerationWorkflow {

  private static final Logger log = Workflow.getLogger(GenerationWorkflowImpl.class);

  /** Bookkeeping must eventually happen: retry forever with a capped backoff. */
  private static final ActivityOptions BOOKKEEPING =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .build())
          .build();

  /**
   * Bookkeeping as local activities: the same backoff, run by the worker inside the workflow task
   * instead of as tasks of their own on a queue (see {@link #LOCAL_BOOKKEEPING}). The SDK does not
   * retry a local activity at all when its attempts are unlimited and it has no schedule-to-close
   * timeout, so the attempts are bounded where no outage reaches (2^31 at 30 s apart). Backoffs
   * beyond 10 s wait on a durable timer rather than in a workflow task held open.
   */
  private static final LocalActivityOptions LOCAL_BOOKKEEPING_OPTIONS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(BOOKKEEPING.getStartToCloseTimeout())
          .setRetryOptions(
              RetryOptions.newBuilder(BOOKKEEPING.getRetryOptions()).setMaximumAttempts(Integer.MAX_VALUE).build())
          .setLocalRetryThreshold(Duration.ofSeconds(10))
          .build();

  /** The ledger's activities: bookkeeping, on the billing queue. */
  private static final ActivityOptions BILLING =
      ActivityOptions.newBuilder(BOOKKEEPING).setTaskQueue(TaskQueue.BILLING.queueName()).build();

  private static final ActivityOptions SUBMIT =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueue.PROVIDERS.queueName())
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(20))
                  .setMaximumAttempts(6)
                  .setDoNotRetry(ProviderActivities.PROVIDER_REJECTED)
                  .build())
          .build();

  /** A failed poll is not fatal: the next interval polls again until the deadline. */
  private static final ActivityOptions POLL =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueue.PROVIDERS.queueName())
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumAttempts(3)
                  .setDoNotRetry(ProviderActivities.PROVIDER_REJECTED)
                  .build())
          .build();

  private static final ActivityOptions CANCEL_UPSTREAM =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueue.PROVIDERS.queueName())
          .setStartToCloseTimeout(Duration.ofSeconds(15))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
          .build();

  private static final ActivityOptions STORE =
      ActivityOptions.newBuilder()
          .setTaskQueue(TaskQueue.DOWNLOADS.queueName())
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(2))
                  .setMaximumAttempts(5)
                  .setDoNotRetry(ProviderActivities.PROVIDER_REJECTED)
                  .build())
          .build();

  /**
   * Poll-interval waits became timers with a summary; histories recorded before that waited with
   * an anonymous await and must replay as they were.
   */
  static final String POLL_TIMER_SUMMARIES = "poll-timer-summaries";

  /**
   * The create call reserves in the API before this workflow's first task runs; a cancel that
   * arrives before that task must release that hold. Histories recorded before did not.
   */
  static final String ADMISSION_IN_THE_API = "admission-in-the-api";

  /**
   * After admission, the read-model writes and the ledger's capture and release became local
   * activities: each is one short, idempotent transaction, and as an activity of its own it cost
   * a task on a queue, three history events and another workflow task, engine work that competed
   * with every other request. Histories recorded before ran them as activities and must replay as
   * they were.
   */
  static final String LOCAL_BOOKKEEPING = "local-bookkeeping";

  private GenerationRequest request;
  /** Whether this run does its bookkeeping in local activities ({@link #LOCAL_BOOKKEEPING}). */
  private boolean localBookkeeping;
  /** The provider in use now: the route's first, or a later one after failover. */
  private String provider;
  private Admission admission;
  private String status = "pending";
  private String step = "admit";
  private int progress;
  private String providerJobId;
  private int polls;
  private int callbacks;
  private boolean callbackPending;
  private String lastHoldReason;

  @Override
  public GenerationOutcome run(GenerationRequest request) {
    this.request = request;
    this.provider = request.routeOrDefault().get(0).provider();
    this.localBookkeeping =
        Workflow.getVersion(LOCAL_BOOKKEEPING, Workflow.DEFAULT_VERSION, 1) >= 1;
    // Bookkeeping before and at admission is not cancellable: a cancel that arrives meanwhile is
    // handled right after, once we know whether a hold exists. The create call usually ran both
    // already (GenerationLauncher); they are idempotent, and here they answer what it decided.
    details("reserving " + Money.usd(request.estimatedCostMicros()) + " for " + request.model());
    detached(() -> queuedRecords("record created", StepPriority.START).created(request));
    if (CancellationScope.current().isCancelRequested()) {
      // canceled before admission: nothing reserved, nothing to compensate
      admission = Admission.refused("CANCELED", "the generation was canceled before admission");
      setStatus("canceled", "done");
      detached(
          () -> {
            if (Workflow.getVersion(ADMISSION_IN_THE_API, Workflow.DEFAULT_VERSION, 1) >= 1) {
              // the create call may have reserved already: release whatever it placed (a no-op
              // when it placed nothing)
              releaseHold();
            }
            records("record canceled", StepPriority.SETTLE).canceled(request.generationId(), "canceled before admission");
          });
      throw new CanceledFailure("canceled before admission");
    }
    ReserveResult reserve = reserve();
    if (!reserve.reserved()) {
      admission = Admission.refused(reserve.errorCode(), reserve.message());
      setStatus("rejected", "done");
      details("rejected: " + reserve.errorCode() + ": " + reserve.message());
      detached(
          () ->
              records("record rejected: " + reserve.errorCode(), StepPriority.SETTLE)
                  .rejected(request.generationId(), reserve.errorCode(), reserve.message()));
      return new GenerationOutcome("rejected", 0, reserve.errorCode());
    }
    admission = Admission.accepted();

    try {
      throwIfCancelRequested();
      setStatus("processing", "submit");
      JobState finalState = runOnRoute();
      if (finalState.phase() != JobState.Phase.SUCCEEDED) {
        throw ApplicationFailure.newNonRetryableFailure(
            describeProviderFailure(finalState), "PROVIDER_FAILED");
      }

      step = "store";
      details("storing the video of " + provider + " job " + providerJobId);
      StoredVideo video = store();
      return settle(video);
    } catch (TemporalFailure failure) {
      if (isCancellation(failure)) {
        compensateCancel();
        throw failure;
      }
      ApplicationFailure reason = asGenerationFailure(failure);
      compensateFailure(reason);
      throw reason;
    }
  }

  /**
   * Tries the route's providers in order. The next provider takes the job when the current one
   * refuses the submission (definitively, or after its retries) or stalls past its deadline; a
   * stalled job is canceled upstream first, so only one job ever delivers (and is paid for).
   */
  private JobState runOnRoute() {
    List<ProviderRoute> route = request.routeOrDefault();
    for (int i = 0; ; i++) {
      ProviderRoute current = route.get(i);
      boolean hasNext = i + 1 < route.size();
      if (!current.provider().equals(provider)) {
        provider = current.provider();
        Workflow.upsertTypedSearchAttributes(GenerationSearchAttributes.PROVIDER.valueSet(provider));
      }
      step = "submit";
      details("submitting to " + provider + (i == 0 ? "" : " (failover " + i + " of " + (route.size() - 1) + ")"));
      try {
        providerJobId = submit(current, !hasNext);
      } catch (ActivityFailure refused) {
        if (isCancellation(refused) || !hasNext) {
          throw refused;
        }
        log.warn("{} refused the job, failing over: {}", provider, refused.getMessage());
        continue;
      }
      if (providerJobId == null) {
        // held back (budget spent, circuit open) for as long as we would have waited for a job
        if (!hasNext) {
          throw ApplicationFailure.newNonRetryableFailure(
              provider + " could not take the job within " + current.waitPolicy().deadlineSeconds()
                  + " s: " + lastHoldReason,
              "PROVIDER_UNAVAILABLE");
        }
        log.warn("{} held the job back too long ({}), failing over", provider, lastHoldReason);
        continue;
      }
      throwIfCancelRequested();
      records("record submitted to " + provider + " job " + providerJobId, StepPriority.FOLLOW)
          .submitted(request.generationId(), provider, providerJobId);

      step = "wait";
      details(waitingDetails());
      JobState state = awaitTerminalState(current.waitPolicy());
      if (state != null) {
        return state;
      }
      if (!hasNext) {
        throw ApplicationFailure.newNonRetryableFailure(
            "the provider did not finish within " + current.waitPolicy().deadlineSeconds() + " s",
            "DEADLINE_EXCEEDED");
      }
      log.warn("{} stalled on job {}, failing over", provider, providerJobId);
      cancelUpstream();
      providerJobId = null;
      progress = 0;
    }
  }

  @Override
  public Admission awaitAdmission() {
    Workflow.await(() -> admission != null);
    return admission;
  }

  @Override
  public void providerCallback(ProviderCallback callback) {
    callbacks++;
    callbackPending = true;
  }

  @Override
  public GenerationView status() {
    return new GenerationView(
        status,
        step,
        progress,
        request == null ? null : provider,
        providerJobId,
        polls,
        callbacks);
  }

  private ReserveResult reserve() {
    LedgerActivities ledger = queuedLedger("reserve " + Money.usd(request.estimatedCostMicros()), StepPriority.START);
    // Detached: a cancel must not abandon a reserve that may already have committed.
    ReserveResult[] result = new ReserveResult[1];
    detached(
        () ->
            result[0] =
                ledger.reserve(
                    new ReserveRequest(
                        request.generationId(),
                        request.accountId(),
                        request.estimatedCostMicros())));
    return result[0];
  }

  /**
   * Submits to the current provider. While the provider holds the job back (its call or
   * concurrency budget is spent, or its circuit is open) a durable timer waits for the moment it
   * names; answers null when that lasted longer than the route's deadline.
   */
  private String submit(ProviderRoute current, boolean lastResort) {
    ProviderActivities providers =
        Workflow.newActivityStub(
            ProviderActivities.class,
            ActivityOptions.newBuilder(SUBMIT)
                .setSummary("submit to " + provider)
                .setPriority(StepPriority.START.priority())
                .build());
    long giveUpAt = Workflow.currentTimeMillis() + current.waitPolicy().deadlineSeconds() * 1000;
    while (true) {
      // Detached: if a cancel interrupted a submit the provider had accepted, we would not know
      // the job id and could not cancel it upstream.
      SubmittedJob[] result = new SubmittedJob[1];
      detached(
          () ->
              result[0] =
                  providers.submit(
                      new SubmitJob(
                          request.generationId(),
                          provider,
                          request.model(),
                          request.spec(),
                          currentPolicy().providerCallsBack(),
                          lastResort)));
      if (result[0].providerJobId() != null) {
        return result[0].providerJobId();
      }
      lastHoldReason = result[0].holdReason();
      long remaining = giveUpAt - Workflow.currentTimeMillis();
      if (remaining <= 0) {
        return null;
      }
      long holdMillis = Math.max(1000, Math.min(result[0].holdMillis(), remaining));
      throwIfCancelRequested();
      details("held back by " + provider + " for " + holdMillis / 1000 + " s: " + lastHoldReason);
      Workflow.newTimer(
              Duration.ofMillis(holdMillis),
              TimerOptions.newBuilder().setSummary("held back by " + provider + ": " + lastHoldReason).build())
          .get();
    }
  }

  private WaitPolicy currentPolicy() {
    return request.routeOrDefault().stream()
        .filter(r -> r.provider().equals(provider))
        .findFirst()
        .map(ProviderRoute::waitPolicy)
        .orElse(request.waitPolicy());
  }

  private static void detached(Runnable body) {
    Workflow.newDetachedCancellationScope(body).run();
  }

  private static void throwIfCancelRequested() {
    if (CancellationScope.current().isCancelRequested()) {
      throw new CanceledFailure("canceled by request");
    }
  }

  /**
   * Waits for a callback or the poll interval, then confirms with the provider. Answers the
   * terminal state, or null when the provider stalled past the policy's deadline.
   */
  private JobState awaitTerminalState(WaitPolicy policy) {
    long deadline = Workflow.currentTimeMillis() + policy.deadlineSeconds() * 1000;
    Duration interval = Duration.ofSeconds(Math.max(1, policy.pollIntervalSeconds()));
    while (true) {
      long remaining = deadline - Workflow.currentTimeMillis();
      if (remaining <= 0) {
        return null;
      }
      Duration wait = interval.compareTo(Duration.ofMillis(remaining)) < 0 ? interval : Duration.ofMillis(remaining);
      awaitCallbackOrTimer(wait, policy);
      callbackPending = false;
      JobState state = poll();
      if (state == null) {
        continue;
      }
      if (state.progress() != progress) {
        progress = state.progress();
        records("record progress " + progress + " %", StepPriority.FOLLOW).progress(request.generationId(), progress);
      }
      details(waitingDetails());
      if (state.phase().terminal()) {
        return state;
      }
    }
  }

  /** One poll; a poll that keeps failing transiently answers null so the loop tries again. */
  private JobState poll() {
    polls++;
    ProviderActivities providers =
        Workflow.newActivityStub(
            ProviderActivities.class,
            ActivityOptions.newBuilder(POLL)
                .setSummary("poll #" + polls)
                .setPriority(StepPriority.FOLLOW.priority())
                .build());
    try {
      return providers.poll(
          new PollJob(request.generationId(), provider, providerJobId, polls));
    } catch (ActivityFailure failure) {
      if (isCancellation(failure) || isProviderRejection(failure)) {
        throw failure;
      }
      log.warn("poll #{} of {} failed, will poll again: {}", polls, providerJobId, failure.getMessage());
      return null;
    }
  }

  private StoredVideo store() {
    AssetActivities assets =
        Workflow.newActivityStub(
            AssetActivities.class,
            ActivityOptions.newBuilder(STORE)
                .setSummary("store video of " + providerJobId)
                .setPriority(StepPriority.FINISH.priority())
                .build());
    return assets.store(new StoreVideo(request.generationId(), provider, providerJobId));
  }

  /** Once the video is stored the generation completes: a late cancel cannot undo the charge. */
  private GenerationOutcome settle(StoredVideo video) {
    step = "settle";
    details("capturing the cost of " + video.durationMillis() / 1000.0 + " s of video");
    long actualCost = costOf(video.durationMillis(), request.pricePerSecondMicros());
    LedgerActivities ledger =
        ledger("capture " + Money.usd(Math.min(actualCost, request.estimatedCostMicros())), StepPriority.SETTLE);
    CaptureResult[] captured = new CaptureResult[1];
    Workflow.newDetachedCancellationScope(
            () -> {
              captured[0] = ledger.capture(new CaptureRequest(request.generationId(), actualCost));
              records("record completed", StepPriority.SETTLE).completed(request.generationId(), video, captured[0].capturedMicros());
            })
        .run();
    setStatus("completed", "done");
    details("completed: " + Money.usd(captured[0].capturedMicros()) + " captured for " + video.durationMillis() / 1000.0 + " s of video");
    return new GenerationOutcome("completed", captured[0].capturedMicros(), null);
  }

  /** The actual cost of a video: its real duration at the model's per-second rate, rounded. */
  static long costOf(long durationMillis, long pricePerSecondMicros) {
    return (durationMillis * pricePerSecondMicros + 500) / 1000;
  }

  private void compensateCancel() {
    Workflow.newDetachedCancellationScope(
            () -> {
              if (providerJobId != null) {
                cancelUpstream();
              }
              releaseHold();
              records("record canceled", StepPriority.SETTLE).canceled(request.generationId(), "canceled by request");
            })
        .run();
    setStatus("canceled", "done");
    details("canceled by request; the hold was released");
  }

  private void compensateFailure(ApplicationFailure reason) {
    Workflow.newDetachedCancellationScope(
            () -> {
              if (providerJobId != null && "DEADLINE_EXCEEDED".equals(reason.getType())) {
                cancelUpstream();
              }
              releaseHold();
              records("record failed: " + reason.getType(), StepPriority.SETTLE)
                  .failed(request.generationId(), reason.getType(), reason.getOriginalMessage());
            })
        .run();
    setStatus("failed", "done");
    details("failed: " + reason.getType() + ": " + reason.getOriginalMessage() + "; the hold was released");
  }

  private void cancelUpstream() {
    ProviderActivities providers =
        Workflow.newActivityStub(
            ProviderActivities.class,
            ActivityOptions.newBuilder(CANCEL_UPSTREAM)
                .setSummary("cancel upstream job " + providerJobId)
                .setPriority(StepPriority.SETTLE.priority())
                .build());
    try {
      providers.cancel(new PollJob(request.generationId(), provider, providerJobId, polls));
    } catch (ActivityFailure failure) {
      log.warn("upstream cancel of {} failed: {}", providerJobId, failure.getMessage());
    }
  }

  private void releaseHold() {
    ledger("release " + Money.usd(request.estimatedCostMicros()), StepPriority.SETTLE).release(request.generationId());
  }

  /**
   * A stub for the read-model activities whose summary names what this call records: local (see
   * {@link #LOCAL_BOOKKEEPING}), or in histories recorded before, an activity task.
   */
  private GenerationRecordActivities records(String summary, StepPriority priority) {
    if (localBookkeeping) {
      return Workflow.newLocalActivityStub(GenerationRecordActivities.class, local(summary));
    }
    return queuedRecords(summary, priority);
  }

  /**
   * The read-model activities as tasks on the workflow's queue. Admission's steps stay tasks: a
   * workflow task that ends the workflow is refused when a cancel arrived meanwhile, and its local
   * activities then run again, after the cancel, where admission would take the other branch.
   */
  private static GenerationRecordActivities queuedRecords(String summary, StepPriority priority) {
    return Workflow.newActivityStub(
        GenerationRecordActivities.class,
        ActivityOptions.newBuilder(BOOKKEEPING).setSummary(summary).setPriority(priority.priority()).build());
  }

  /** A stub for the ledger's capture and release, as {@link #records}. */
  private LedgerActivities ledger(String summary, StepPriority priority) {
    if (localBookkeeping) {
      return Workflow.newLocalActivityStub(LedgerActivities.class, local(summary));
    }
    return queuedLedger(summary, priority);
  }

  /** The ledger's activities as tasks on the billing queue: the reserve, as {@link #queuedRecords}. */
  private static LedgerActivities queuedLedger(String summary, StepPriority priority) {
    return Workflow.newActivityStub(
        LedgerActivities.class,
        ActivityOptions.newBuilder(BILLING).setSummary(summary).setPriority(priority.priority()).build());
  }

  private static LocalActivityOptions local(String summary) {
    return LocalActivityOptions.newBuilder(LOCAL_BOOKKEEPING_OPTIONS).setSummary(summary).build();
  }

  /**
   * Waits for a provider callback or the poll interval. The timer carries a summary so the UI
   * says what the pause is; a callback cancels it, so a finished timer never lingers in history.
   */
  private void awaitCallbackOrTimer(Duration wait, WaitPolicy policy) {
    if (Workflow.getVersion(POLL_TIMER_SUMMARIES, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
      Workflow.await(wait, () -> callbackPending);
      return;
    }
    String summary =
        (policy.providerCallsBack() ? "callback from " + provider + " or poll #" : "poll #") + (polls + 1)
            + " in " + wait.toSeconds() + " s";
    @SuppressWarnings("unchecked")
    Promise<Void>[] timer = new Promise[1];
    CancellationScope pause =
        Workflow.newCancellationScope(
            () -> timer[0] = Workflow.newTimer(wait, TimerOptions.newBuilder().setSummary(summary).build()));
    pause.run();
    Workflow.await(() -> callbackPending || timer[0].isCompleted());
    if (!timer[0].isCompleted()) {
      pause.cancel();
    }
  }

  private String waitingDetails() {
    return "waiting for " + provider + " job " + providerJobId + ", " + progress + " %"
        + " (" + polls + (polls == 1 ? " poll, " : " polls, ") + callbacks
        + (callbacks == 1 ? " callback)" : " callbacks)");
  }

  /** What the UI shows as the workflow's current details. */
  private static void details(String text) {
    Workflow.setCurrentDetails(text);
  }

  private void setStatus(String newStatus, String newStep) {
    status = newStatus;
    step = newStep;
    Workflow.upsertTypedSearchAttributes(GenerationSearchAttributes.STATUS.valueSet(newStatus));
  }

  private static boolean isCancellation(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return true;
      }
    }
    return CancellationScope.current().isCancelRequested();
  }

  private static boolean isProviderRejection(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app
          && ProviderActivities.PROVIDER_REJECTED.equals(app.getType())) {
        return true;
      }
    }
    return false;
  }

  /** Maps whatever went wrong onto the error code the API shows. */
  private static ApplicationFailure asGenerationFailure(TemporalFailure failure) {
    if (failure instanceof ApplicationFailure app && app.getType() != null
        && app.getType().equals(app.getType().toUpperCase(Locale.ROOT))) {
      return app;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        String code =
            ProviderActivities.PROVIDER_REJECTED.equals(app.getType())
                ? "PROVIDER_REJECTED"
                : "PROVIDER_ERROR";
        return ApplicationFailure.newNonRetryableFailure(app.getOriginalMessage(), code);
      }
    }
    return ApplicationFailure.newNonRetryableFailure(failure.getMessage(), "INTERNAL_ERROR");
  }

  private static String describeProviderFailure(JobState state) {
    if (state.phase() == JobState.Phase.CANCELED) {
      return "the provider canceled the job";
    }
    String message = state.errorMessage() == null ? "the provider reported a failure" : state.errorMessage();
    return state.errorCode() == null ? message : state.errorCode() + ": " + message;
  }
}
