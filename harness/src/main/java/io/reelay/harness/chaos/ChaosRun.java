package io.reelay.harness.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.stack.ReelayClient;
import io.reelay.stack.ReelayStack;
import io.reelay.stack.StackOptions;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./reelay chaos}: starts the real stack with the simulated provider misbehaving
 * (duplicate, late and out-of-order callbacks, bursts of 5xx), runs a mixed workload of
 * generations through the API while SIGKILLing the app and restarting the Temporal dev server and
 * PostgreSQL at moments drawn from a seed, waits for every generation to end, and then checks
 * that none was lost or stuck, every video downloads intact, nothing was charged twice or
 * wrongly, the money audit is clean and each generation ran as exactly one workflow. Prints a
 * summary; exits 1 when any check found a problem.
 *
 * <p>Usage: {@code ChaosRun [--generations N] [--seed S] [--work-dir DIR]}
 */
public final class ChaosRun {

  private static final Set<String> TERMINAL = Set.of("completed", "failed", "canceled");
  /** The outcome of a key-less create that got no answer and made no generation. */
  public static final String NO_ANSWER = "no answer (key-less)";
  /** The outcome of a key-less create answered 503 UNAVAILABLE: nothing started, as promised. */
  public static final String REFUSED = "refused (503, key-less)";
  private static final Pattern UUID_PATTERN =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern PROMPT_INDEX = Pattern.compile("^chaos (\\d+) ");

  /**
   * How a run goes.
   *
   * @param window         over how long the generations are created and the process faults
   *                       injected
   * @param settleTimeout  how long after the window generations may take to end; after that an
   *                       unfinished one counts as stuck
   * @param appEnvironment the app's environment: chaos settings, rate limits
   */
  public record Options(
      int generations, long seed, Path workDir, int appKills, Duration window, Duration settleTimeout,
      Map<String, String> appEnvironment) {

    /** The defaults: 200 generations are created over 90 s with 4 app kills; fewer over 60 s with 2. */
    public static Options of(int generations, long seed, Path workDir) {
      Map<String, String> environment = new HashMap<>();
      environment.put("REELAY_SIM_CHAOS_ENABLED", "true");
      // the workload polls its generations; a key's default 60 a minute would throttle the harness
      environment.put("REELAY_RATE_LIMIT_PER_MINUTE", "1000000");
      environment.put("REELAY_RATE_LIMIT_MAX_PER_MINUTE", "1000000");
      return new Options(
          generations, seed, workDir, Math.max(2, generations / 50),
          Duration.ofSeconds(Math.max(60, generations * 9L / 20)), Duration.ofMinutes(10), environment);
    }

    public Options withAppEnvironment(Map<String, String> extra) {
      Map<String, String> merged = new HashMap<>(appEnvironment);
      merged.putAll(extra);
      return new Options(generations, seed, workDir, appKills, window, settleTimeout, merged);
    }

    public Options withSettleTimeout(Duration timeout) {
      return new Options(generations, seed, workDir, appKills, window, timeout, appEnvironment);
    }
  }

  /** What the harness knows of one planned generation. */
  private static final class Tracked {
    final Workload.Planned planned;
    volatile String id;
    volatile boolean terminal;
    /** A key-less create whose answer never came: a generation may or may not exist for it. */
    volatile boolean ambiguous;
    /** A key-less create answered 503 UNAVAILABLE, "nothing was started or charged", naming this id. */
    volatile String promisedNotStarted;
    volatile int cancelStatus;
    volatile String cancelAnswer;

    Tracked(Workload.Planned planned) {
      this.planned = planned;
    }
  }

  private final Options options;
  private final long startNanos = System.nanoTime();
  private final Map<String, Long> problems = new ConcurrentHashMap<>();
  private final List<String> details = Collections.synchronizedList(new ArrayList<>());
  private final Path logFile;
  private final ExecutorService secondCreates = Executors.newCachedThreadPool();
  private ReelayStack stack;
  private ReelayClient api;
  private String apiKey;
  private String accountId;

  private ChaosRun(Options options) {
    this.options = options;
    this.logFile = options.workDir().resolve("chaos.log");
  }

  public static void main(String[] args) throws Exception {
    int generations = 200;
    long seed = new SecureRandom().nextLong() & Long.MAX_VALUE;
    Path workDir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--generations" -> generations = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--work-dir" -> workDir = Path.of(args[++i]);
        default -> {
          System.err.println("usage: ChaosRun [--generations N] [--seed S] [--work-dir DIR]");
          System.exit(2);
        }
      }
    }
    if (workDir == null) {
      workDir = Path.of(".data", "chaos", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }
    ChaosSummary summary = run(Options.of(generations, seed, workDir));
    System.out.print(summary.format());
    if (summary.passed()) {
      ReelayStack.discardState(workDir);
      System.out.println("logs and summary: " + workDir.toAbsolutePath());
    } else {
      // a failed run's databases and videos are the evidence
      System.out.println("the stack's state and logs are kept for inspection in " + workDir.toAbsolutePath());
    }
    System.exit(summary.passed() ? 0 : 1);
  }

  /** Runs the scenario and answers its summary (also written to {@code summary.txt} in the work dir). */
  public static ChaosSummary run(Options options) throws Exception {
    Files.createDirectories(options.workDir());
    return new ChaosRun(options).execute();
  }

  private ChaosSummary execute() throws Exception {
    Random random = new Random(options.seed());
    List<Workload.Planned> plan = Workload.plan(options.generations(), random, options.window().toMillis());
    List<FaultInjector.Scheduled> faults = FaultInjector.schedule(options.appKills(), random, options.window().toMillis());
    log("seed " + options.seed() + ": " + options.generations() + " generations over " + options.window().toSeconds()
        + " s, faults at " + faults.stream().map(f -> f.fault() + "@" + f.atMillis() / 1000 + "s").toList()
        + "; work dir " + options.workDir().toAbsolutePath());
    stack = ReelayStack.start(StackOptions.in(options.workDir()).withAppEnvironment(options.appEnvironment()));
    try {
      api = stack.client();
      ReelayStack.Account account = stack.newAccount("chaos-" + options.seed(), "1000.00");
      apiKey = account.apiKey();
      accountId = account.accountId();
      log("stack up: " + stack.baseUrl() + ", Temporal " + stack.temporalTarget() + ", Web UI http://127.0.0.1:"
          + stack.temporalUiPort() + ", " + stack.jdbcUrl());

      List<Tracked> tracked = plan.stream().map(Tracked::new).toList();
      long workloadStart = System.nanoTime();
      FaultInjector injector = new FaultInjector(stack, faults, workloadStart, this::log);
      Thread faultThread = new Thread(injector, "chaos-faults");
      faultThread.start();
      drive(tracked, workloadStart);
      faultThread.join();
      if (injector.failure() != null) {
        throw new IllegalStateException("the stack did not come back from a fault", injector.failure());
      }
      awaitTerminal(tracked);
      awaitChaosCallbacks();

      Map<String, Long> injected = new LinkedHashMap<>();
      injector.injected().forEach((fault, count) -> injected.put(fault.label, (long) count));
      injected.putAll(new StackDatabase(stack.jdbcUrl()).simulatorFaults());
      Map<String, Map<String, Integer>> outcomes = check(tracked);
      for (String name : ChaosSummary.CHECKS) {
        problems.putIfAbsent(name, 0L);
      }
      ChaosSummary summary =
          new ChaosSummary(
              options.seed(), options.generations(), outcomes, injected, problems,
              Duration.ofNanos(System.nanoTime() - startNanos), details);
      Files.writeString(options.workDir().resolve("summary.txt"), summary.format(), StandardCharsets.UTF_8);
      return summary;
    } finally {
      stack.close();
    }
  }

  /** Creates every generation at its moment (cancelling those meant to be canceled) and waits for all. */
  private void drive(List<Tracked> tracked, long workloadStart) throws Exception {
    ScheduledExecutorService clients = Executors.newScheduledThreadPool(16);
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
    progress.scheduleAtFixedRate(
        () -> log("created " + tracked.stream().filter(t -> t.id != null).count() + " of " + tracked.size()),
        10, 10, TimeUnit.SECONDS);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (Tracked t : tracked) {
        long delay = t.planned.startAtMillis() - (System.nanoTime() - workloadStart) / 1_000_000;
        calls.add(clients.schedule(() -> createAndMaybeCancel(t), Math.max(0, delay), TimeUnit.MILLISECONDS));
      }
      for (Future<?> call : calls) {
        call.get(options.window().toMillis() + Duration.ofMinutes(15).toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      progress.shutdownNow();
      clients.shutdownNow();
      secondCreates.shutdownNow();
    }
  }

  private Void createAndMaybeCancel(Tracked t) throws Exception {
    Workload.Planned p = t.planned;
    if (p.keyed()) {
      // the impatient client sends the same create (same key) twice at once
      CompletableFuture<String> second =
          !p.twice()
              ? null
              : CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return createWithKey(p);
                    } catch (Exception e) {
                      throw new CompletionException(e);
                    }
                  },
                  secondCreates);
      String id = createWithKey(p);
      if (second != null) {
        String other = second.get();
        if (id != null && other != null && !id.equals(other)) {
          problem(ChaosSummary.DUPLICATE_GENERATIONS, "two creates with the key of #" + p.index() + " got " + id + " and " + other);
        }
        id = id != null ? id : other;
      }
      t.id = id;
    } else {
      createOnceWithoutKey(t);
    }
    if (t.id != null && (p.kind() == Workload.Kind.CANCEL || p.kind() == Workload.Kind.CANCEL_RACE)) {
      Thread.sleep(p.cancelAfterMillis());
      HttpResponse<String> canceled =
          untilDefinitive("cancel #" + p.index(), () -> api.post("/v1/generations/" + t.id + "/cancel", apiKey, null, Map.of()));
      if (canceled != null) {
        t.cancelStatus = canceled.statusCode();
        t.cancelAnswer = canceled.body();
        if (canceled.statusCode() != 200 && canceled.statusCode() != 202 && canceled.statusCode() != 409) {
          problem(ChaosSummary.UNEXPECTED_OUTCOMES, "cancel of " + t.id + " answered " + canceled.statusCode() + ": " + canceled.body());
        }
      }
    }
    return null;
  }

  /** Creates with the planned Idempotency-Key, retrying through outages; answers the id. */
  private String createWithKey(Workload.Planned p) throws Exception {
    HttpResponse<String> created =
        untilDefinitive(
            "create #" + p.index(),
            () -> api.post("/v1/generations", apiKey, p.body(), Map.of("Idempotency-Key", p.idempotencyKey(options.seed()))));
    if (created == null) {
      return null;
    }
    if (created.statusCode() != 200 && created.statusCode() != 201 && created.statusCode() != 202) {
      problem(ChaosSummary.UNEXPECTED_OUTCOMES, "create #" + p.index() + " answered " + created.statusCode() + ": " + created.body());
      return null;
    }
    return ReelayClient.json(created).get("id").asText();
  }

  /**
   * The careless client: one try without a key. A 503 must mean what it says: UNAVAILABLE that
   * nothing was started. No answer at all
   * leaves it open whether a generation exists; the checks find it by its prompt.
   */
  private void createOnceWithoutKey(Tracked t) throws Exception {
    Workload.Planned p = t.planned;
    HttpResponse<String> created;
    try {
      created = api.post("/v1/generations", apiKey, p.body(), Map.of());
    } catch (IOException e) {
      t.ambiguous = true;
      log("key-less create #" + p.index() + " got no answer (" + e + ")");
      return;
    }
    int status = created.statusCode();
    if (status == 500) {
      problem(ChaosSummary.INTERNAL_ERRORS, "key-less create #" + p.index() + " answered 500: " + created.body());
    }
    if (status == 200 || status == 201 || status == 202) {
      t.id = ReelayClient.json(created).get("id").asText();
      return;
    }
    String code = status >= 500 ? errorCode(created) : "";
    Matcher named = UUID_PATTERN.matcher(created.body());
    log("key-less create #" + p.index() + " answered " + status + " " + code);
    if (status == 503 && code.equals("UNAVAILABLE") && named.find()) {
      t.promisedNotStarted = named.group();
    } else if (status >= 500) {
      t.ambiguous = true;
    } else {
      problem(ChaosSummary.UNEXPECTED_OUTCOMES, "key-less create #" + p.index() + " answered " + status + ": " + created.body());
    }
  }

  private static String errorCode(HttpResponse<String> response) {
    try {
      return ReelayClient.json(response).path("error").path("code").asText("");
    } catch (RuntimeException notJson) {
      return "";
    }
  }

  /**
   * A client's retry through crashes and restarts: a connection error or a 5xx means "not now",
   * so the same request (same Idempotency-Key) goes again. Null (and a problem) when no
   * definitive answer came within 5 minutes.
   */
  private HttpResponse<String> untilDefinitive(String what, Callable<HttpResponse<String>> call) throws Exception {
    long started = System.nanoTime();
    long deadline = started + Duration.ofMinutes(5).toNanos();
    String last = "";
    for (int attempt = 1; System.nanoTime() < deadline; attempt++) {
      try {
        HttpResponse<String> response = call.call();
        if (response.statusCode() == 500) {
          // a fault the API did not recognise as one: clients retry a 503, many never a 500
          problem(ChaosSummary.INTERNAL_ERRORS, what + " answered 500: " + response.body());
        }
        if (response.statusCode() < 500 && response.statusCode() != 429) {
          long seconds = (System.nanoTime() - started) / 1_000_000_000;
          if (attempt > 1 || seconds >= 10) {
            log(what + " answered " + response.statusCode() + " after " + attempt + " attempts in " + seconds + " s (before: "
                + last.substring(0, Math.min(last.length(), 160)) + ")");
          }
          return response;
        }
        last = response.statusCode() + " " + response.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    problem(ChaosSummary.UNANSWERED_REQUESTS, what + " had no definitive answer in 5 minutes; last: " + last);
    return null;
  }

  /** Polls every accepted generation until all are terminal or the settle time is up. */
  private void awaitTerminal(List<Tracked> tracked) throws Exception {
    long deadline = System.nanoTime() + options.settleTimeout().toNanos();
    long nextLog = 0;
    while (System.nanoTime() < deadline) {
      int open = 0;
      for (Tracked t : tracked) {
        if (t.id == null || t.terminal) {
          continue;
        }
        try {
          HttpResponse<String> response = api.get("/v1/generations/" + t.id, apiKey);
          t.terminal = response.statusCode() == 200 && TERMINAL.contains(ReelayClient.json(response).get("status").asText());
        } catch (IOException notNow) {
          // the app is restarting
        }
        open += t.terminal ? 0 : 1;
      }
      if (open == 0) {
        log("every accepted generation has ended");
        return;
      }
      if (System.nanoTime() > nextLog) {
        log(open + " generations still running");
        nextLog = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      }
      Thread.sleep(1000);
    }
  }

  /** Late callbacks come up to a minute after their job ended: let them all reach Reelay first. */
  private void awaitChaosCallbacks() throws Exception {
    StackDatabase db = new StackDatabase(stack.jdbcUrl());
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    long pending;
    while ((pending = db.pendingChaosCallbacks()) > 0 && System.nanoTime() < deadline) {
      log("waiting for " + pending + " late or extra callbacks to be sent");
      Thread.sleep(5000);
    }
  }

  /** Every check, on the stack as it is after the run; answers model → status → count. */
  private Map<String, Map<String, Integer>> check(List<Tracked> tracked) throws Exception {
    StackDatabase db = new StackDatabase(stack.jdbcUrl());
    Map<String, StackDatabase.Captures> captures = db.captures(accountId);
    Map<String, Map<String, Integer>> outcomes = new TreeMap<>();
    long capturedByCompleted = 0;
    Set<String> accepted = new HashSet<>();
    List<Tracked> orphans = orphansOfAmbiguousCreates(db, tracked);
    Set<Workload.Planned> found = new HashSet<>();
    orphans.forEach(orphan -> found.add(orphan.planned));
    List<Tracked> all = new ArrayList<>(tracked);
    all.removeIf(t -> t.ambiguous && found.contains(t.planned)); // counted by the generation it made
    all.addAll(orphans);
    for (Tracked t : all) {
      Workload.Planned p = t.planned;
      String status = t.ambiguous ? NO_ANSWER : "not accepted";
      if (t.promisedNotStarted != null) {
        status = REFUSED;
        if (db.prompts(accountId).containsKey(t.promisedNotStarted)) {
          problem(ChaosSummary.BROKEN_PROMISES,
              "a key-less create was told nothing was started, but generation " + t.promisedNotStarted + " exists");
        }
      }
      if (t.id != null) {
        accepted.add(t.id);
        HttpResponse<String> response = untilDefinitive("GET " + t.id, () -> api.get("/v1/generations/" + t.id, apiKey));
        if (response == null) {
          status = "unreadable";
        } else if (response.statusCode() == 404) {
          status = "lost";
          problem(ChaosSummary.LOST, "generation " + t.id + " (#" + p.index() + ") was accepted but is unknown");
        } else {
          JsonNode generation = ReelayClient.json(response);
          status = generation.get("status").asText();
          capturedByCompleted += checkGeneration(t, generation, captures.get(t.id));
        }
      }
      outcomes.computeIfAbsent(p.model(), m -> new TreeMap<>()).merge(status, 1, Integer::sum);
    }
    checkMoney(db, capturedByCompleted);
    checkAudit();
    checkWorkflows(accepted);
    for (String id : db.prompts(accountId).keySet()) {
      if (!accepted.contains(id)) {
        problem(ChaosSummary.DUPLICATE_GENERATIONS, "generation " + id + " exists but no create call of the run answered it");
      }
    }
    for (String refused : db.refusedCallbacks()) {
      problem(ChaosSummary.REFUSED_CALLBACKS, refused);
    }
    return outcomes;
  }

  /**
   * The generations that key-less creates without an answer made after all (a client could not
   * know them), found by the index in their prompt: they must end and be charged right like any.
   */
  private List<Tracked> orphansOfAmbiguousCreates(StackDatabase db, List<Tracked> tracked) throws Exception {
    Map<Integer, Tracked> ambiguous = new HashMap<>();
    Set<String> known = new HashSet<>();
    for (Tracked t : tracked) {
      if (t.ambiguous) {
        ambiguous.put(t.planned.index(), t);
      }
      if (t.id != null) {
        known.add(t.id);
      }
    }
    List<Tracked> orphans = new ArrayList<>();
    for (Map.Entry<String, String> generation : db.prompts(accountId).entrySet()) {
      Matcher index = PROMPT_INDEX.matcher(generation.getValue());
      if (!known.contains(generation.getKey()) && index.find() && ambiguous.containsKey(Integer.parseInt(index.group(1)))) {
        Tracked orphan = new Tracked(ambiguous.get(Integer.parseInt(index.group(1))).planned);
        orphan.id = generation.getKey();
        orphans.add(orphan);
        log("key-less create #" + orphan.planned.index() + " made generation " + orphan.id + " after all");
      }
    }
    return orphans;
  }

  /** Status, charge and video of one generation; answers what it captured if it completed. */
  private long checkGeneration(Tracked t, JsonNode generation, StackDatabase.Captures captured) throws Exception {
    String id = t.id;
    String status = generation.get("status").asText();
    if (!TERMINAL.contains(status)) {
      problem(ChaosSummary.STUCK, "generation " + id + " is still " + status);
      return 0;
    }
    if (!t.planned.kind().expectedStatuses.contains(status)) {
      problem(ChaosSummary.UNEXPECTED_OUTCOMES,
          "generation " + id + " (#" + t.planned.index() + ", meant to end " + t.planned.kind().expectedStatuses + ") ended "
              + status + ": " + generation.get("error"));
    }
    checkCancelAnswer(t, status);
    if (captured != null && captured.count() > 1) {
      problem(ChaosSummary.DOUBLE_CHARGES, "generation " + id + " was captured " + captured.count() + " times");
    }
    long capturedMicros = captured == null ? 0 : captured.micros();
    long cost = micros(generation.get("cost_usd"));
    if (!status.equals("completed")) {
      if (capturedMicros != 0 || cost != 0) {
        problem(ChaosSummary.WRONG_CHARGES, "generation " + id + " ended " + status + " but was charged " + capturedMicros + " micro-USD (API: " + cost + ")");
      }
      return 0;
    }
    if (cost <= 0 || cost != capturedMicros || cost > micros(generation.get("estimated_cost_usd"))) {
      problem(ChaosSummary.WRONG_CHARGES,
          "generation " + id + " costs " + cost + " micro-USD, captured " + capturedMicros + ", hold " + generation.get("estimated_cost_usd"));
    }
    checkVideo(t, generation);
    return capturedMicros;
  }

  /** A cancel answered 200 ends canceled; one refused because the generation completed ends completed. */
  private void checkCancelAnswer(Tracked t, String status) {
    boolean contradicted =
        (t.cancelStatus == 200 && !status.equals("canceled"))
            || (t.cancelStatus == 409 && t.cancelAnswer != null && t.cancelAnswer.contains("completed") && !status.equals("completed"));
    if (contradicted) {
      problem(ChaosSummary.BROKEN_PROMISES,
          "generation " + t.id + " ended " + status + " after its cancel answered " + t.cancelStatus + ": " + t.cancelAnswer);
    }
  }

  private void checkVideo(Tracked t, JsonNode generation) throws Exception {
    HttpResponse<byte[]> content = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        content = api.getBytes("/v1/generations/" + t.id + "/content", apiKey);
        if (content.statusCode() < 500) {
          break;
        }
      } catch (IOException notNow) {
        // retry
      }
      Thread.sleep(500);
    }
    JsonNode video = generation.get("video");
    if (content == null || content.statusCode() != 200 || video == null || video.isNull()) {
      problem(ChaosSummary.BAD_VIDEOS, "generation " + t.id + ": content answered " + (content == null ? "nothing" : content.statusCode()) + ", video " + video);
      return;
    }
    byte[] bytes = content.body();
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    if (!sha256.equalsIgnoreCase(video.get("sha256").asText()) || bytes.length != video.get("size_bytes").asLong()) {
      problem(ChaosSummary.BAD_VIDEOS,
          "generation " + t.id + ": downloaded " + bytes.length + " bytes with SHA-256 " + sha256 + ", the API says " + video);
      return;
    }
    Mp4Check.problem(bytes, t.planned.seconds())
        .ifPresent(problem -> problem(ChaosSummary.BAD_VIDEOS, "generation " + t.id + ": not a good MP4: " + problem));
  }

  /** The account's columns agree with its ledger, with the API's balance and with the completed generations' costs. */
  private void checkMoney(StackDatabase db, long capturedByCompleted) throws Exception {
    StackDatabase.AccountMoney money = db.money(accountId);
    if (money.captured() != capturedByCompleted || money.capturedInLedger() != money.captured() || money.reserved() != 0) {
      problem(ChaosSummary.BALANCE_MISMATCHES,
          "account captured " + money.captured() + " (ledger " + money.capturedInLedger() + "), completed generations cost "
              + capturedByCompleted + ", still reserved " + money.reserved());
    }
    HttpResponse<String> balance = untilDefinitive("GET /v1/balance", () -> api.get("/v1/balance", apiKey));
    if (balance != null) {
      JsonNode b = ReelayClient.json(balance);
      long available = micros(b.get("balance_usd"));
      if (available != money.credits() - capturedByCompleted || micros(b.get("reserved_usd")) != 0) {
        problem(ChaosSummary.BALANCE_MISMATCHES,
            "balance " + b + " but credits " + money.credits() + " minus captures " + capturedByCompleted);
      }
    }
  }

  private void checkAudit() throws Exception {
    HttpResponse<String> audit = untilDefinitive("the audit", () -> api.get("/admin/v1/audit", stack.adminToken()));
    if (audit == null) {
      return;
    }
    JsonNode report = ReelayClient.json(audit);
    if (audit.statusCode() != 200 || !report.path("ok").asBoolean(false)) {
      int violations = Math.max(1, report.path("violations").size());
      problems.merge(ChaosSummary.AUDIT_VIOLATIONS, (long) violations, Long::sum);
      report.path("violations").forEach(v -> details.add(ChaosSummary.AUDIT_VIOLATIONS + ": " + v));
      if (report.path("violations").isEmpty()) {
        details.add(ChaosSummary.AUDIT_VIOLATIONS + ": " + audit.statusCode() + " " + audit.body());
      }
    }
    log("audit: " + report.path("generations_checked") + " generations checked, ok " + report.path("ok"));
  }

  /** Exactly one workflow execution per accepted generation, none still running. */
  private void checkWorkflows(Set<String> accepted) {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalTarget()).build());
    try {
      WorkflowClient temporal = WorkflowClient.newInstance(service);
      Map<String, Integer> runs = new HashMap<>();
      for (WorkflowExecutionMetadata execution : temporal.listExecutions("ReelayAccount = '" + accountId + "'").toList()) {
        String workflowId = execution.getExecution().getWorkflowId();
        runs.merge(workflowId, 1, Integer::sum);
        if (execution.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          problem(ChaosSummary.WORKFLOW_PROBLEMS, workflowId + " is still running");
        }
      }
      for (String id : accepted) {
        int count = runs.getOrDefault("generation-" + id, 0);
        if (count != 1) {
          problem(ChaosSummary.WORKFLOW_PROBLEMS, "generation " + id + " has " + count + " workflow executions");
        }
      }
      runs.keySet().stream()
          .filter(workflowId -> !accepted.contains(workflowId.substring("generation-".length())))
          .forEach(workflowId -> problem(ChaosSummary.WORKFLOW_PROBLEMS, workflowId + " runs for a generation no client knows"));
    } finally {
      service.shutdown();
    }
  }

  private static long micros(JsonNode usd) {
    if (usd == null || usd.isNull()) {
      return 0;
    }
    return usd.decimalValue().movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  private void problem(String check, String detail) {
    problems.merge(check, 1L, Long::sum);
    details.add(check + ": " + detail);
  }

  private synchronized void log(String message) {
    String line = String.format("[chaos +%6.1fs] %s", (System.nanoTime() - startNanos) / 1e9, message);
    System.out.println(line);
    try {
      Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // stdout has it
    }
  }
}
