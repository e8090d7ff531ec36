package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.reelay.app.testing.HeadlessChromium;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees in the Temporal Web UI of the real stack, read by headless Chromium: a
 * generation's page shows its summary, details and search attributes, and the workflow list
 * filters by the Reelay search attributes. Screenshots go to app/target/temporal-ui/.
 */
class TemporalUiBrowserTest {

  private static final Duration UI_WAIT = Duration.ofSeconds(60);
  private static final Path SCREENSHOTS =
      Path.of(System.getProperty("reelay.project.root", "..")).toAbsolutePath().resolve("app/target/temporal-ui");

  private static LocalStack stack;
  private static WorkflowClient temporal;
  private static HeadlessChromium chromium;
  private HeadlessChromium.Page page;

  @BeforeAll
  static void start() throws Exception {
    // the browser first: without Chromium this fails at once, saying how to install it
    chromium = HeadlessChromium.launch(SCREENSHOTS);
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "2",
                "REELAY_SIM_POLL_SECONDS", "1",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
    temporal = stack.temporalClient();
  }

  @AfterAll
  static void stop() throws Exception {
    if (chromium != null) {
      chromium.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @BeforeEach
  void openTab() {
    // the size of the README's screenshot
    page = chromium.newPage(1280, 900);
  }

  @AfterEach
  void closeTab() {
    if (page != null) {
      page.close();
    }
  }

  @Test
  void aFinishedGenerationShowsItsSummaryDetailsAndSearchAttributes() throws Exception {
    Account account = newAccount("ui-finished", "1.00");
    JsonNode created = create(account.apiKey(), "sim-fast", "a red kite over a stormy sea", 5, "720p");
    String id = created.get("id").asText();
    stack.awaitStatus(account.apiKey(), id, "completed", Duration.ofSeconds(90));
    String workflowId = "generation-" + id;
    String runId = temporal.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();

    // the route without a run id opens the latest run
    page.navigate(stack.uiUrl("/namespaces/default/workflows/" + workflowId));
    page.awaitText(UI_WAIT, workflowId, "COMPLETED", runId, "GenerationWorkflow", "reelay-generations");
    assertTrue(page.location().contains("/workflows/" + workflowId + "/" + runId + "/"), page.location());
    // the timeline draws each activity by its type, the local ones (the bookkeeping after
    // admission) too; the capture is the last money step
    page.awaitText(UI_WAIT, "Reserve", "Submit", "StoreVideo", "RecordSubmitted", "Capture", "RecordCompleted");
    // ... with the summary of each activity task: what was reserved, where it went
    page.awaitText(UI_WAIT, "reserve $0.25", "submit to sim", "store video of");
    // the README's picture (docs/temporal-ui-generation.png) is this one
    page.screenshotFullPage(SCREENSHOTS.resolve("generation-timeline.png"));

    // the event history shows each local activity with its summary: what was captured, recorded
    page.clickWhenShown("Event History", UI_WAIT);
    page.awaitText(UI_WAIT, "Local Activity", "capture $0.25", "record completed");
    assertTrue(page.location().endsWith("/" + runId + "/history"), page.location());
    page.screenshotFullPage(SCREENSHOTS.resolve("generation-history.png"));

    page.clickWhenShown("User Metadata", UI_WAIT);
    page.awaitText(
        UI_WAIT,
        "Summary",
        "text-to-video · sim-fast · 5 s · 720p · 16:9",
        "Details",
        "Generation " + id + " for account " + account.id(),
        // the current details, as the workflow left them
        "completed: $0.25 captured for 5.0 s of video");
    assertTrue(page.location().endsWith("/" + runId + "/user-metadata"), page.location());
    page.screenshot(SCREENSHOTS.resolve("generation-user-metadata.png"));

    page.clickWhenShown("Search Attributes", UI_WAIT);
    page.awaitText(
        UI_WAIT,
        "\"ReelayAccount\": \"" + account.id() + "\"",
        "\"ReelayModel\": \"sim-fast\"",
        "\"ReelayProvider\": \"sim\"",
        "\"ReelayStatus\": \"completed\"");
    assertTrue(page.location().endsWith("/" + runId + "/search-attributes"), page.location());
    page.screenshot(SCREENSHOTS.resolve("generation-search-attributes.png"));
  }

  @Test
  void theListFilteredByStatusShowsWhatIsStillProcessing() throws Exception {
    Account account = newAccount("ui-list", "1.00");
    String done = create(account.apiKey(), "sim-poll", "finished quickly", 1, "480p").get("id").asText();
    // the simulator never finishes this one: it stays processing until the stack stops
    String stuck = create(account.apiKey(), "sim-poll", "still rendering [sim:never]", 1, "480p").get("id").asText();
    stack.awaitStatus(account.apiKey(), done, "completed", Duration.ofSeconds(90));
    stack.awaitStatus(account.apiKey(), stuck, "processing", Duration.ofSeconds(60));
    // the list is served from Temporal's visibility store: wait until it has both
    awaitVisible("ReelayStatus=\"completed\" AND WorkflowId=\"generation-" + done + "\"");
    awaitVisible("ReelayStatus=\"processing\" AND WorkflowId=\"generation-" + stuck + "\"");

    String processing = openList("ReelayStatus=\"processing\"", "generation-" + stuck);
    assertFalse(processing.contains("generation-" + done), "the completed generation is listed as processing:\n" + processing);
    assertTrue(processing.contains("RUNNING"), processing);
    page.screenshot(SCREENSHOTS.resolve("list-processing.png"));

    // the other way round, so the filter is shown to filter and not just to hide everything new
    String completed = openList("ReelayStatus=\"completed\"", "generation-" + done);
    assertFalse(completed.contains("generation-" + stuck), "the processing generation is listed as completed:\n" + completed);

    // and by account: both
    openList("ReelayAccount=\"" + account.id() + "\"", "generation-" + done, "generation-" + stuck);
  }

  /** Opens the workflow list filtered by {@code query}; answers its text once it shows {@code expected}. */
  private String openList(String query, String... expected) throws Exception {
    page.navigate(
        stack.uiUrl("/namespaces/default/workflows?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)));
    String[] all = new String[expected.length + 1];
    all[0] = query.replace("=", " = "); // the filter the UI shows above the list
    System.arraycopy(expected, 0, all, 1, expected.length);
    return page.awaitText(UI_WAIT, all);
  }

  private static void awaitVisible(String query) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      int found =
          temporal
              .getWorkflowServiceStubs()
              .blockingStub()
              .listWorkflowExecutions(
                  ListWorkflowExecutionsRequest.newBuilder().setNamespace("default").setQuery(query).build())
              .getExecutionsCount();
      if (found == 1) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("Temporal's visibility never listed " + query);
  }

  private record Account(String id, String apiKey) {}

  private static Account newAccount(String name, String credits) throws Exception {
    HttpResponse<String> response =
        stack.post("/admin/v1/accounts", LocalStack.ADMIN_TOKEN, Map.of("name", name, "credits_usd", credits), Map.of());
    assertEquals(201, response.statusCode(), response.body());
    JsonNode account = LocalStack.json(response);
    return new Account(account.get("account_id").asText(), account.get("api_key").asText());
  }

  private static JsonNode create(String key, String model, String prompt, int seconds, String resolution) throws Exception {
    HttpResponse<String> response =
        stack.post(
            "/v1/generations",
            key,
            Map.of("model", model, "prompt", prompt, "duration_seconds", seconds, "resolution", resolution, "aspect_ratio", "16:9"),
            Map.of());
    assertEquals(201, response.statusCode(), response.body());
    return LocalStack.json(response);
  }
}
