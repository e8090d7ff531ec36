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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Hand-written fakes of the four activity ports. Each records every call it receives (activities
 * run on worker threads, so everything is thread-safe) and lets a test script its answers.
 */
final class Fakes {

  private Fakes() {}

  /** How long a gated fake waits for the test before giving up, so a broken test cannot hang. */
  static final long GATE_SECONDS = 20;

  /** A one-shot gate: the fake signals {@link #entered} and then waits until {@link #open}. */
  static final class Gate {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    void pass() {
      entered.countDown();
      try {
        if (!released.await(GATE_SECONDS, TimeUnit.SECONDS)) {
          throw new IllegalStateException("gate was never opened by the test");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    void awaitEntered() throws InterruptedException {
      if (!entered.await(GATE_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the gated activity was never reached");
      }
    }

    void open() {
      released.countDown();
    }
  }

  // ---------------------------------------------------------------------------------- ledger

  static final class FakeLedger implements LedgerActivities {
    final List<ReserveRequest> reserves = Collections.synchronizedList(new ArrayList<>());
    final List<CaptureRequest> captures = Collections.synchronizedList(new ArrayList<>());
    final List<String> releases = Collections.synchronizedList(new ArrayList<>());
    /** Active holds by generation id, as the real ledger keeps them. */
    final Map<String, Long> holds = new ConcurrentHashMap<>();

    volatile Function<ReserveRequest, ReserveResult> reserveAnswer =
        r -> new ReserveResult(true, null, null);
    volatile Gate reserveGate;
    /** The next this many captures fail before touching the hold, as with the database down. */
    final AtomicInteger captureOutage = new AtomicInteger();

    @Override
    public ReserveResult reserve(ReserveRequest request) {
      reserves.add(request);
      Gate gate = reserveGate;
      if (gate != null) {
        gate.pass();
      }
      ReserveResult result = reserveAnswer.apply(request);
      if (result.reserved()) {
        holds.put(request.generationId(), request.amountMicros());
      }
      return result;
    }

    /** Like the real ledger: never captures more than the hold, releases the rest. */
    @Override
    public CaptureResult capture(CaptureRequest request) {
      failWhileDown(captureOutage);
      captures.add(request);
      long hold = holds.getOrDefault(request.generationId(), 0L);
      long captured = Math.min(hold, request.actualCostMicros());
      holds.remove(request.generationId());
      return new CaptureResult(captured, hold - captured);
    }

    @Override
    public long release(String generationId) {
      releases.add(generationId);
      Long hold = holds.remove(generationId);
      return hold == null ? 0 : hold;
    }
  }

  // -------------------------------------------------------------------------------- provider

  static final class FakeProvider implements ProviderActivities {
    final List<SubmitJob> submits = Collections.synchronizedList(new ArrayList<>());
    final List<PollJob> polls = Collections.synchronizedList(new ArrayList<>());
    final List<PollJob> cancels = Collections.synchronizedList(new ArrayList<>());

    volatile Function<SubmitJob, SubmittedJob> submitAnswer = j -> SubmittedJob.submitted("job-1");
    volatile Gate submitGate;
    /** Answers the n-th poll (1-based count of poll activity executions, retries included). */
    volatile Function<Integer, JobState> pollAnswer = n -> running(0);
    /** When set, answers by the polled job instead (e.g. per provider); wins over pollAnswer. */
    volatile Function<PollJob, JobState> pollAnswerFor;

    @Override
    public SubmittedJob submit(SubmitJob job) {
      submits.add(job);
      Gate gate = submitGate;
      if (gate != null) {
        gate.pass();
      }
      return submitAnswer.apply(job);
    }

    @Override
    public JobState poll(PollJob job) {
      int n;
      synchronized (polls) {
        polls.add(job);
        n = polls.size();
      }
      Function<PollJob, JobState> byJob = pollAnswerFor;
      return byJob != null ? byJob.apply(job) : pollAnswer.apply(n);
    }

    @Override
    public void cancel(PollJob job) {
      cancels.add(job);
    }

    /** Answers the scripted states in order, then repeats the last one forever. */
    static Function<Integer, JobState> script(JobState... states) {
      return n -> states[Math.min(n, states.length) - 1];
    }
  }

  static JobState running(int progress) {
    return new JobState(JobState.Phase.RUNNING, progress, null, null);
  }

  static JobState succeeded() {
    return new JobState(JobState.Phase.SUCCEEDED, 100, null, null);
  }

  static JobState failed(String code, String message) {
    return new JobState(JobState.Phase.FAILED, 40, code, message);
  }

  // ---------------------------------------------------------------------------------- assets

  static final class FakeAssets implements AssetActivities {
    final List<StoreVideo> stores = Collections.synchronizedList(new ArrayList<>());
    volatile long durationMillis = 5_000;
    volatile Gate storeGate;

    @Override
    public StoredVideo store(StoreVideo request) {
      stores.add(request);
      Gate gate = storeGate;
      if (gate != null) {
        gate.pass();
      }
      return video(durationMillis);
    }

    static StoredVideo video(long durationMillis) {
      return new StoredVideo("videos/gen.mp4", 1234, "ab".repeat(32), durationMillis, 1280, 720);
    }
  }

  // --------------------------------------------------------------------------------- records

  record Completed(String generationId, StoredVideo video, long costMicros) {}

  record Failure(String generationId, String code, String message) {}

  record Submitted(String generationId, String provider, String providerJobId) {}

  static final class FakeRecords implements GenerationRecordActivities {
    /** Every call in order, by method name, to check the sequence. */
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final List<GenerationRequest> created = Collections.synchronizedList(new ArrayList<>());
    final List<Failure> rejected = Collections.synchronizedList(new ArrayList<>());
    final List<Submitted> submitted = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> progress = Collections.synchronizedList(new ArrayList<>());
    final List<Completed> completed = Collections.synchronizedList(new ArrayList<>());
    final List<Failure> failed = Collections.synchronizedList(new ArrayList<>());
    final List<String> canceled = Collections.synchronizedList(new ArrayList<>());

    volatile Gate createdGate;
    /** The next this many {@code completed} calls fail before writing, as with the database down. */
    final AtomicInteger completedOutage = new AtomicInteger();

    @Override
    public void created(GenerationRequest request) {
      calls.add("created");
      created.add(request);
      Gate gate = createdGate;
      if (gate != null) {
        gate.pass();
      }
    }

    @Override
    public void rejected(String generationId, String errorCode, String message) {
      calls.add("rejected");
      rejected.add(new Failure(generationId, errorCode, message));
    }

    @Override
    public void submitted(String generationId, String provider, String providerJobId) {
      calls.add("submitted");
      submitted.add(new Submitted(generationId, provider, providerJobId));
    }

    @Override
    public void progress(String generationId, int value) {
      calls.add("progress");
      progress.add(value);
    }

    @Override
    public void completed(String generationId, StoredVideo video, long costMicros) {
      failWhileDown(completedOutage);
      calls.add("completed");
      completed.add(new Completed(generationId, video, costMicros));
    }

    @Override
    public void failed(String generationId, String errorCode, String message) {
      calls.add("failed");
      failed.add(new Failure(generationId, errorCode, message));
    }

    @Override
    public void canceled(String generationId, String reason) {
      calls.add("canceled");
      canceled.add(generationId);
    }
  }

  /** Throws while the outage lasts (counting it down): what a call sees while its database is down. */
  static void failWhileDown(AtomicInteger outage) {
    if (outage.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
      throw new IllegalStateException("the database is down");
    }
  }
}
