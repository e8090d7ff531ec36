package io.reelay.app.generations;

import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.scheduling.TaskExecutors;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.workflows.generation.GenerationIds;
import io.reelay.workflows.generation.GenerationOutcome;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a generation to end, for a create call sent with {@code Prefer: wait=N}. Temporal
 * says when the workflow closes (a long poll: no thread is held meanwhile); the answer is then
 * read from the read model, which the workflow's last activity has marked terminal by then.
 */
@Singleton
public class GenerationCompletion implements GracefulShutdownCapable {

  private static final Logger log = LoggerFactory.getLogger(GenerationCompletion.class);

  private final WorkflowClient temporal;
  private final GenerationStore generations;
  private final ExecutorService blocking;
  /** Waits in progress: a shutdown answers them at once instead of holding the drain. */
  private final Set<CompletableFuture<Void>> waits = ConcurrentHashMap.newKeySet();
  private volatile boolean shuttingDown;

  public GenerationCompletion(
      WorkflowClient temporal,
      GenerationStore generations,
      @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.temporal = temporal;
    this.generations = generations;
    this.blocking = blocking;
  }

  /** The generation once it has ended, or as it is when {@code wait} is up, whichever is first. */
  public CompletableFuture<GenerationRecord> await(GenerationRecord generation, Duration wait) {
    if (generation.terminal() || wait.isZero()) {
      return CompletableFuture.completedFuture(generation);
    }
    CompletableFuture<GenerationOutcome> closed;
    try {
      closed =
          temporal
              .newUntypedWorkflowStub(GenerationIds.workflowId(generation.id().toString()))
              .getResultAsync(wait.toMillis(), TimeUnit.MILLISECONDS, GenerationOutcome.class);
    } catch (RuntimeException e) {
      closed = CompletableFuture.failedFuture(e);
    }
    // A failed or canceled workflow ends with an exception, time running out with a
    // TimeoutException, and Temporal being away with another: the read model tells which.
    // Either way, and at shutdown, the answer is the generation as it is then.
    CompletableFuture<Void> waiting = new CompletableFuture<>();
    waits.add(waiting);
    waiting.whenComplete((ignored, error) -> waits.remove(waiting));
    closed.whenComplete(
        (outcome, error) -> {
          if (error != null && !(unwrap(error) instanceof TimeoutException)) {
            log.debug("waiting for {} ended with {}", generation.id(), unwrap(error).toString());
          }
          waiting.complete(null);
        });
    if (shuttingDown) {
      waiting.complete(null);
    }
    return waiting.thenApplyAsync(
        ignored -> generations.find(generation.accountId(), generation.id()).orElse(generation), blocking);
  }

  /** Answers every wait now with the generation as it is; the client may ask again elsewhere. */
  @Override
  public CompletionStage<?> shutdownGracefully() {
    shuttingDown = true;
    waits.forEach(waiting -> waiting.complete(null));
    return CompletableFuture.completedFuture(null);
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null
        ? error.getCause()
        : error;
  }
}
