package io.reelay.app.generations;

import io.micronaut.http.HttpStatus;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.activities.generations.IdempotencyKeyStore;
import io.reelay.activities.assets.inputs.InputImages;
import io.reelay.activities.providers.ProviderRegistry;
import io.reelay.activities.webhooks.WebhookSender;
import io.reelay.workflows.generation.ImageInput;
import io.reelay.app.api.ApiException;
import io.reelay.app.models.ModelSpec;
import io.reelay.workflows.generation.Admission;
import io.reelay.workflows.generation.GenerationIds;
import io.reelay.workflows.generation.GenerationRequest;
import io.reelay.workflows.generation.GenerationSearchAttributes;
import io.reelay.workflows.generation.GenerationWorkflow;
import io.reelay.workflows.generation.LedgerActivities.ReserveResult;
import io.reelay.workflows.generation.Money;
import io.reelay.workflows.generation.ProviderRoute;
import io.reelay.workflows.generation.VideoSpec;
import io.reelay.workflows.generation.WaitPolicy;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an accepted create call into a running workflow and decides its admission at once. The
 * workflow is started first (one StartWorkflowExecution, durable once answered); then the call
 * reserves the hold itself ({@link GenerationAdmission}), so no hold ever exists without a running
 * workflow to capture or release it, and admission never waits for a worker or queues behind the
 * tasks of generations already admitted. Conflict policy USE_EXISTING makes the start idempotent:
 * a retry with the same Idempotency-Key attaches to the workflow the first call started, or
 * starts it if the first call died before it could.
 */
@Singleton
public class GenerationLauncher {

  private static final Logger log = LoggerFactory.getLogger(GenerationLauncher.class);

  private final WorkflowClient temporal;
  private final GenerationStore generations;
  private final IdempotencyKeyStore idempotencyKeys;
  private final GenerationJson json;
  private final ProviderRegistry providers;
  private final InputImages inputImages;
  private final WebhookSender webhooks;
  private final GenerationAdmission admission;
  private final AdmissionBacklog backlog;
  private final AdmissionMetrics metrics;

  public GenerationLauncher(
      WorkflowClient temporal,
      GenerationStore generations,
      IdempotencyKeyStore idempotencyKeys,
      GenerationJson json,
      ProviderRegistry providers,
      InputImages inputImages,
      WebhookSender webhooks,
      GenerationAdmission admission,
      AdmissionBacklog backlog,
      AdmissionMetrics metrics) {
    this.providers = providers;
    this.inputImages = inputImages;
    this.webhooks = webhooks;
    this.temporal = temporal;
    this.generations = generations;
    this.idempotencyKeys = idempotencyKeys;
    this.json = json;
    this.admission = admission;
    this.backlog = backlog;
    this.metrics = metrics;
  }

  /** What the create call answers. */
  public record Launch(HttpStatus status, GenerationRecord generation, Admission admission) {}

  public Launch launch(UUID accountId, CreateGeneration create, String idempotencyKey) {
    return launch(accountId, create, idempotencyKey, List.of());
  }

  /**
   * @param images the create call's input images, already fetched and checked: they are kept in
   *               the asset store under the generation's id, and only references go to Temporal
   */
  public Launch launch(
      UUID accountId, CreateGeneration create, String idempotencyKey, List<ImageIntake.Received> images) {
    return launch(accountId, create, idempotencyKey, images, GenerationRecord.NATIVE_DOOR);
  }

  /**
   * @param door the API the create came through: {@link GenerationRecord#NATIVE_DOOR} or a front
   *             door's name; recorded on the generation and as its search attribute
   */
  public Launch launch(
      UUID accountId,
      CreateGeneration create,
      String idempotencyKey,
      List<ImageIntake.Received> images,
      String door) {
    long started = System.nanoTime();
    try {
      backlog.refuseIfFull();
    } catch (ApiException overloaded) {
      metrics.shed(create.model(), door, started);
      throw overloaded;
    }
    if (create.webhookUrl() != null) {
      try {
        // the address rule of image URLs: a webhook must not aim at our own network
        webhooks.check(create.webhookUrl());
      } catch (WebhookSender.RefusedUrlException e) {
        throw ApiException.invalid("webhook_url", e.getMessage());
      }
    }
    String metadataJson = create.metadata() == null ? null : json.text(create.metadata());
    if (metadataJson != null && metadataJson.length() > CreateGeneration.MAX_METADATA_CHARS) {
      throw ApiException.invalid(
          "metadata", "metadata must serialize to at most " + CreateGeneration.MAX_METADATA_CHARS + " characters");
    }
    UUID generationId = UUID.randomUUID();
    boolean replay = false;
    if (idempotencyKey != null) {
      IdempotencyKeyStore.Claim claim =
          idempotencyKeys.claim(accountId, idempotencyKey, generationId, fingerprint(create, metadataJson, door));
      if (!claim.sameRequest()) {
        throw new ApiException(
            HttpStatus.CONFLICT,
            "IDEMPOTENCY_KEY_REUSED",
            "this Idempotency-Key was already used with different parameters");
      }
      generationId = claim.generationId();
      replay = claim.replay();
    }
    if (replay) {
      // A finished generation is answered from the read model and never started again, even if
      // Temporal has since forgotten its workflow (retention, reset).
      Optional<GenerationRecord> earlier = generations.find(accountId, generationId);
      if (earlier.isPresent() && earlier.get().terminal()) {
        return answer(earlier.get(), null, true);
      }
    }
    generations.saveClientFields(generationId, accountId, create.webhookUrl(), metadataJson, idempotencyKey, door);
    List<ImageInput> imageInputs = saveImages(generationId, images);

    ModelSpec model = create.model();
    // per provider: callbacks only where the model wants them and the provider can make them
    List<ProviderRoute> route =
        model.providers().stream()
            .map(
                p ->
                    new ProviderRoute(
                        p,
                        new WaitPolicy(
                            model.providerCallsBack() && providers.supportsCallbacks(p),
                            model.pollIntervalSeconds(),
                            model.deadlineSeconds())))
            .toList();
    GenerationRequest request =
        new GenerationRequest(
            generationId.toString(),
            accountId.toString(),
            model.id(),
            model.provider(),
            new VideoSpec(
                create.prompt(),
                create.negativePrompt(),
                create.durationSeconds(),
                create.aspectRatio(),
                create.resolution(),
                create.seed(),
                create.audio(),
                create.audioPrompt(),
                create.cameraFixed(),
                imageInputs.isEmpty() ? null : imageInputs),
            route.get(0).waitPolicy(),
            model.estimateMicros(create.durationSeconds(), create.resolution(), create.audio()),
            model.ratePerSecondMicros(create.resolution(), create.audio()),
            route);

    if (!start(request, door)) {
      // its workflow ran and ended already (a repeat whose first answer was lost): as recorded
      return answer(recorded(accountId, generationId), null, true);
    }
    if (!replay) {
      metrics.created(model, door);
    }
    ReserveResult decision = admission.admit(request);
    if (!decision.reserved()) {
      if ("ALREADY_SETTLED".equals(decision.errorCode())) {
        return answer(recorded(accountId, generationId), null, true);
      }
      // the workflow's own reserve gets the same refusal and records it; recorded now as well
      // (the same conditional write), so no read after this 402 shows the create as pending
      generations.markRejected(generationId, decision.errorCode(), decision.message());
      if (!replay) {
        metrics.refused(model, door, decision.errorCode(), started);
      }
      throw refusal(decision.errorCode(), decision.message(), request.estimatedCostMicros());
    }
    Launch launch = answer(recorded(accountId, generationId), Admission.accepted(), replay);
    if (!replay) {
      metrics.admitted(model, door, started);
    }
    return launch;
  }

  private GenerationRecord recorded(UUID accountId, UUID generationId) {
    return generations
        .find(accountId, generationId)
        // admitted in a committed transaction, or ended (its record written before its end)
        .orElseThrow(() -> new IllegalStateException("generation " + generationId + " has no record"));
  }

  private List<ImageInput> saveImages(UUID generationId, List<ImageIntake.Received> images) {
    List<ImageInput> saved = new java.util.ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      try {
        saved.add(inputImages.save(generationId.toString(), i, images.get(i).role(), images.get(i).image()));
      } catch (java.io.IOException e) {
        log.error("could not store input image {} of {}", i, generationId, e);
        throw new ApiException(
            HttpStatus.SERVICE_UNAVAILABLE, "UNAVAILABLE", "the input image could not be stored; retry");
      }
    }
    return saved;
  }

  private static Launch answer(GenerationRecord generation, Admission admission, boolean replay) {
    if (generation.status() == GenerationStatus.REJECTED) {
      throw refusal(generation.errorCode(), generation.errorMessage(), generation.estimatedCostMicros());
    }
    return new Launch(replay ? HttpStatus.OK : HttpStatus.CREATED, generation, admission);
  }

  private static ApiException refusal(String code, String message, long estimatedCostMicros) {
    return new ApiException(
        HttpStatus.PAYMENT_REQUIRED,
        code == null ? "INSUFFICIENT_CREDITS" : code,
        message + " (estimated cost " + Money.usd(estimatedCostMicros) + ")");
  }

  /**
   * Starts the generation's workflow, or finds it running (a repeat). Answers false when a
   * workflow of this id already ended. Throws 503 when Temporal could not be reached and the
   * workflow is not known to exist: nothing was reserved then.
   */
  private boolean start(GenerationRequest request, String door) {
    VideoSpec spec = request.spec();
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(GenerationIds.workflowId(request.generationId()))
            .setTaskQueue(GenerationIds.TASK_QUEUE)
            .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
            // a finished generation is never run again under the same id
            .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .setTypedSearchAttributes(
                SearchAttributes.newBuilder()
                    .set(GenerationSearchAttributes.ACCOUNT, request.accountId())
                    .set(GenerationSearchAttributes.MODEL, request.model())
                    .set(GenerationSearchAttributes.PROVIDER, request.provider())
                    .set(GenerationSearchAttributes.STATUS, "pending")
                    .set(GenerationSearchAttributes.DOOR, door)
                    .build())
            .setStaticSummary(
                // the door first: an operator sees at a glance which API a generation came through
                (GenerationRecord.NATIVE_DOOR.equals(door) ? "" : door + " door · ")
                    + (spec.imagesOrEmpty().isEmpty() ? "text-to-video · " : "image-to-video · ") + request.model() + " · " + spec.durationSeconds() + " s · "
                    + spec.resolution() + " · " + spec.aspectRatio())
            .setStaticDetails(
                "Generation " + request.generationId() + " for account " + request.accountId()
                    + (GenerationRecord.NATIVE_DOOR.equals(door) ? "" : " through the " + door + " door")
                    + ", hold " + Money.usd(request.estimatedCostMicros()) + ", provider "
                    + request.provider() + ".")
            .build();
    GenerationWorkflow workflow = temporal.newWorkflowStub(GenerationWorkflow.class, options);
    try {
      WorkflowClient.start(workflow::run, request);
      return true;
    } catch (WorkflowExecutionAlreadyStarted ended) {
      return false; // REJECT_DUPLICATE: only an ended run of this id refuses a start
    } catch (RuntimeException e) {
      // Ambiguous: the start may have reached Temporal before the error. If the workflow exists
      // it records the generation within moments, and admission may go on; otherwise nothing was
      // started or reserved.
      log.warn("start of {} failed: {}", request.generationId(), e.toString());
      if (awaitRecord(request)) {
        return true;
      }
      throw new ApiException(
          HttpStatus.SERVICE_UNAVAILABLE,
          "UNAVAILABLE",
          "could not start generation " + request.generationId() + " (Temporal unavailable);"
              + " nothing was charged. Retry with an Idempotency-Key to be safe.");
    }
  }

  private boolean awaitRecord(GenerationRequest request) {
    UUID account = UUID.fromString(request.accountId());
    UUID id = UUID.fromString(request.generationId());
    for (int i = 0; i < 20; i++) {
      if (generations.find(account, id).isPresent()) {
        return true;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static String fingerprint(CreateGeneration create, String metadataJson, String door) {
    String canonical =
        // a native create's fingerprint is what it was before doors existed (keys stored then still match)
        (GenerationRecord.NATIVE_DOOR.equals(door) ? "" : door + "\u0000")
        + String.join(
            "\u0000",
            create.model().id(),
            create.prompt(),
            String.valueOf(create.negativePrompt()),
            String.valueOf(create.durationSeconds()),
            create.aspectRatio(),
            create.resolution(),
            String.valueOf(create.seed()),
            String.valueOf(create.audio()),
            String.valueOf(create.webhookUrl()),
            String.valueOf(metadataJson),
            String.valueOf(create.imageUrl()),
            String.join("\u0001", create.referenceImageUrls()),
            create.uploadedImage() == null ? "-" : sha256(create.uploadedImage()),
            String.valueOf(create.audioPrompt()),
            String.valueOf(create.cameraFixed()));
    return sha256(canonical.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
