package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Live progress on the real stack: each generation's timeline as JSON, the same timeline as
 * server-sent events followed to its end (and resumed with Last-Event-ID), and create calls that
 * wait for the end with {@code Prefer: wait=N}.
 */
class LiveProgressEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> SUCCESS_MILESTONES =
      List.of("created", "admitted", "submitted", "stored", "settled", "completed");

  private static LocalStack stack;

  @BeforeAll
  static void start() throws Exception {
    stack =
        LocalStack.start(
            Map.of(
                "REELAY_SIM_DELAY_SECONDS", "2",
                // the callback model's fallback poll is far away: its callback is what finishes it
                "REELAY_SIM_FAST_POLL_SECONDS", "120",
                "REELAY_SIM_POLL_SECONDS", "1",
                // a heartbeat a second, so a stream of a few seconds shows some
                "REELAY_API_STREAM_HEARTBEAT_SECONDS", "1",
                "REELAY_RATE_LIMIT_PER_MINUTE", "100000",
                "REELAY_RATE_LIMIT_MAX_PER_MINUTE", "100000"));
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void aCallbackGenerationsTimelineShowsEveryStepInOrder() throws Exception {
    String key = stack.newAccount("live-callback", "1.00");
    String id = create(key, request("sim-fast", "a kite over the sea", 2), 201).get("id").asText();
    JsonNode done = stack.awaitStatus(key, id, "completed", Duration.ofSeconds(90));

    JsonNode timeline = timeline(key, id);
    assertEquals(id, timeline.get("generation_id").asText());
    assertEquals("completed", timeline.get("status").asText());
    List<JsonNode> events = list(timeline.get("events"));
    List<String> types = types(events);
    assertEquals(SUCCESS_MILESTONES, milestones(types), types.toString());
    assertNumberedInTimeOrder(events);

    int submitted = types.indexOf("submitted");
    int callback = types.indexOf("callback_received");
    int stored = types.indexOf("stored");
    assertTrue(submitted < callback && callback < stored, "the callback between submit and store: " + types);
    assertEquals("sim", events.get(callback).get("provider").asText());
    assertEquals(1, types.stream().filter("callback_received"::equals).count(), "a repeated callback shows once");
    assertEquals("sim", events.get(submitted).get("provider").asText());
    assertFalse(events.get(submitted).get("provider_job_id").asText().isEmpty());
    List<JsonNode> progress = ofType(events, "progress");
    assertFalse(progress.isEmpty(), types.toString());
    assertEquals(100, progress.get(progress.size() - 1).get("percent").asInt());
    assertTrue(types.lastIndexOf("progress") < stored);

    checkMoney(done, events);
    JsonNode video = ofType(events, "stored").get(0);
    assertEquals(done.get("video").get("size_bytes").asLong(), video.get("size_bytes").asLong());
    assertEquals(done.get("video").get("duration_seconds").asDouble(), video.get("duration_seconds").asDouble(), 0.001);
    assertEquals(854, video.get("width").asInt());
  }

  @Test
  void aPolledGenerationsTimelineShowsItsProgressAndNoCallback() throws Exception {
    String key = stack.newAccount("live-poll", "1.00");
    String id = create(key, request("sim-poll", "waves on rocks [sim:delay=4]", 2), 201).get("id").asText();
    JsonNode done = stack.awaitStatus(key, id, "completed", Duration.ofSeconds(90));

    List<JsonNode> events = list(timeline(key, id).get("events"));
    List<String> types = types(events);
    assertEquals(SUCCESS_MILESTONES, milestones(types), types.toString());
    assertFalse(types.contains("callback_received"), types.toString());
    List<Integer> percents = ofType(events, "progress").stream().map(p -> p.get("percent").asInt()).toList();
    assertTrue(percents.size() >= 2, "polled every second for 4 s: " + percents);
    for (int i = 1; i < percents.size(); i++) {
      assertTrue(percents.get(i) > percents.get(i - 1), "progress only moves on: " + percents);
    }
    assertNumberedInTimeOrder(events);
    checkMoney(done, events);
  }

  @Test
  void aFailedGenerationsTimelineEndsWithFailedAndItsCode() throws Exception {
    String key = stack.newAccount("live-fail", "1.00");
    JsonNode g = create(key, request("sim-poll", "this one breaks [sim:fail]", 2), 201);
    String id = g.get("id").asText();
    stack.awaitStatus(key, id, "failed", Duration.ofSeconds(60));

    JsonNode timeline = timeline(key, id);
    assertEquals("failed", timeline.get("status").asText());
    List<JsonNode> events = list(timeline.get("events"));
    List<String> types = types(events);
    assertEquals(List.of("created", "admitted", "submitted", "settled", "failed"), milestones(types), types.toString());
    JsonNode failed = events.get(events.size() - 1);
    assertEquals("PROVIDER_FAILED", failed.get("code").asText());
    assertFalse(failed.get("message").asText().isEmpty());
    // the whole hold goes back
    JsonNode settled = ofType(events, "settled").get(0);
    assertEquals(0, settled.get("captured_usd").decimalValue().signum());
    assertEquals(0, g.get("estimated_cost_usd").decimalValue().compareTo(settled.get("released_usd").decimalValue()));
    assertNumberedInTimeOrder(events);
  }

  @Test
  void aRefusedCreateShowsAsRejected() throws Exception {
    String key = stack.newAccount("live-poor", "0.20");
    String prompt = "too long for my wallet " + UUID.randomUUID();
    JsonNode error = create(key, request("sim-fast", prompt, 5), 402);
    assertEquals("INSUFFICIENT_CREDITS", error.get("error").get("code").asText());
    // the 402 names no id; the read model knows it
    String id = generationIdByPrompt(prompt);

    JsonNode timeline = timeline(key, id);
    assertEquals("failed", timeline.get("status").asText(), "as the generation object shows a refusal");
    List<JsonNode> events = list(timeline.get("events"));
    assertEquals(List.of("created", "rejected"), types(events));
    assertEquals("INSUFFICIENT_CREDITS", events.get(1).get("code").asText());
  }

  @Test
  void theStreamFollowsLiveEndsAfterTheTerminalEventAndResumes() throws Exception {
    String key = stack.newAccount("live-stream", "1.00");
    String id = create(key, request("sim-poll", "a paper boat [sim:delay=4]", 2), 201).get("id").asText();

    Stream stream = assertTimeoutPreemptively(Duration.ofSeconds(90), () -> stream(key, id, null));
    assertEquals(200, stream.status);
    assertTrue(stream.contentType.startsWith("text/event-stream"), stream.contentType);
    List<Frame> frames = stream.frames;
    assertEquals("completed", frames.get(frames.size() - 1).event, "the stream ends with the terminal event");
    // it was followed live: the first event came well before the last
    assertTrue(
        Duration.between(frames.get(0).arrived, frames.get(frames.size() - 1).arrived).toMillis() >= 1000,
        "events arrived as they happened, not all at the end");
    assertTrue(stream.comments >= 2, "heartbeats every second while the job ran: " + stream.comments);
    for (int i = 0; i < frames.size(); i++) {
      Frame f = frames.get(i);
      assertEquals(i + 1, f.id, "ids count up without gaps");
      assertEquals(f.event, f.data.get("type").asText());
      assertEquals(f.id, f.data.get("id").asInt());
    }
    // the stream and the JSON timeline tell the same story
    List<JsonNode> events = list(timeline(key, id).get("events"));
    assertEquals(events, frames.stream().map(f -> f.data).toList());

    Stream resumed = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> stream(key, id, "3"));
    assertEquals(events.subList(3, events.size()), resumed.frames.stream().map(f -> f.data).toList());
    Stream past = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> stream(key, id, String.valueOf(events.size())));
    assertTrue(past.frames.isEmpty(), "nothing after the terminal event; the stream just ends");

    HttpResponse<String> bad = get("/v1/generations/" + id + "/events", key, Map.of("Accept", "text/event-stream", "Last-Event-ID", "abc"));
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals("Last-Event-ID", LocalStack.json(bad).get("error").get("param").asText());
  }

  @Test
  void anotherAccountsOrAnUnknownGenerationIsNotFound() throws Exception {
    String mine = stack.newAccount("live-mine", "1.00");
    String theirs = stack.newAccount("live-theirs", "1.00");
    String id = create(theirs, request("sim-poll", "theirs", 1), 201).get("id").asText();
    for (String path :
        List.of("/v1/generations/" + id + "/events", "/v1/generations/" + UUID.randomUUID() + "/events", "/v1/generations/nope/events")) {
      for (String accept : List.of("application/json", "text/event-stream")) {
        HttpResponse<String> response = get(path, mine, Map.of("Accept", accept));
        assertEquals(404, response.statusCode(), path + " " + accept + ": " + response.body());
        assertEquals("NOT_FOUND", LocalStack.json(response).get("error").get("code").asText());
      }
    }
    HttpResponse<String> anonymous = get("/v1/generations/" + id + "/events", null, Map.of());
    assertEquals(401, anonymous.statusCode());
    assertEquals("INVALID_API_KEY", LocalStack.json(anonymous).get("error").get("code").asText());
    // the owner sees it, also without an Accept header
    assertEquals(200, get("/v1/generations/" + id + "/events", theirs, Map.of()).statusCode());
  }

  @Test
  void preferWaitAnswersOnceTheGenerationHasEnded() throws Exception {
    String key = stack.newAccount("live-wait", "1.00");
    long started = System.nanoTime();
    HttpResponse<String> response =
        stack.post("/v1/generations", key, request("sim-poll", "quick", 1), Map.of("Prefer", "wait=30"));
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(201, response.statusCode(), response.body());
    assertEquals("wait=30", response.headers().firstValue("Preference-Applied").orElse(null));
    JsonNode g = LocalStack.json(response);
    assertEquals("completed", g.get("status").asText(), g.toString());
    assertFalse(g.get("video_url").isNull());
    assertTrue(tookMillis < 25_000, "answered when it ended, not when the wait was up: " + tookMillis + " ms");

    // the multipart create waits the same way; other preferences are ignored
    HttpResponse<String> form =
        postForm(key, Map.of("model", "sim-poll", "prompt", "quick form", "duration_seconds", "1"), "respond-async, wait=30");
    assertEquals(201, form.statusCode(), form.body());
    assertEquals("wait=30", form.headers().firstValue("Preference-Applied").orElse(null));
    assertEquals("completed", LocalStack.json(form).get("status").asText(), form.body());
  }

  @Test
  void preferWaitAnswersWhenTheWaitIsUpAndTheJobGoesOn() throws Exception {
    String key = stack.newAccount("live-wait-slow", "1.00");
    long started = System.nanoTime();
    HttpResponse<String> response =
        stack.post(
            "/v1/generations", key, request("sim-poll", "forever [sim:never]", 2), Map.of("Prefer", "handling=lenient; x=1, wait=3"));
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(201, response.statusCode(), response.body());
    assertEquals("wait=3", response.headers().firstValue("Preference-Applied").orElse(null));
    JsonNode g = LocalStack.json(response);
    assertEquals("processing", g.get("status").asText(), g.toString());
    assertTrue(tookMillis >= 2_500 && tookMillis < 15_000, "answered after about 3 s: " + tookMillis + " ms");

    // canceled, its timeline ends with the reason, the hold released just before
    String id = g.get("id").asText();
    HttpResponse<String> canceled = stack.post("/v1/generations/" + id + "/cancel", key, null, Map.of());
    assertEquals(200, canceled.statusCode(), canceled.body());
    List<JsonNode> events = list(timeline(key, id).get("events"));
    List<String> types = types(events);
    assertEquals(List.of("created", "admitted", "submitted", "settled", "canceled"), milestones(types), types.toString());
    assertEquals("canceled by request", events.get(events.size() - 1).get("reason").asText());
  }

  @Test
  void aWaitOutsideZeroToSixtyIsRefusedAndStartsNothing() throws Exception {
    String key = stack.newAccount("live-wait-bad", "1.00");
    for (String prefer : List.of("wait=61", "wait=-1", "wait=abc", "wait", "wait=1.5")) {
      HttpResponse<String> response =
          stack.post("/v1/generations", key, request("sim-poll", "never started", 1), Map.of("Prefer", prefer));
      assertEquals(400, response.statusCode(), prefer + ": " + response.body());
      JsonNode error = LocalStack.json(response).get("error");
      assertEquals("INVALID_PARAMETER", error.get("code").asText());
      assertEquals("Prefer", error.get("param").asText());
    }
    HttpResponse<String> form =
        postForm(key, Map.of("model", "sim-poll", "prompt", "never started", "duration_seconds", "1"), "wait=61");
    assertEquals(400, form.statusCode(), form.body());
    assertEquals("Prefer", LocalStack.json(form).get("error").get("param").asText());
    assertEquals(0, LocalStack.json(stack.get("/v1/generations", key)).get("data").size());

    // no wait preference at all: answered at admission, as always
    HttpResponse<String> plain =
        stack.post("/v1/generations", key, request("sim-poll", "plain [sim:delay=20]", 1), Map.of("Prefer", "return=minimal"));
    assertEquals(201, plain.statusCode(), plain.body());
    assertTrue(plain.headers().firstValue("Preference-Applied").isEmpty());
    assertTrue(List.of("pending", "processing").contains(LocalStack.json(plain).get("status").asText()), plain.body());
  }

  // ---------------------------------------------------------------------------------------------

  /** A server-sent event as the client parsed it, and when it arrived. */
  private record Frame(int id, String event, JsonNode data, Instant arrived) {}

  private record Stream(int status, String contentType, List<Frame> frames, int comments) {}

  /** Reads the stream to its end, parsing it the way an EventSource does. */
  private static Stream stream(String key, String id, String lastEventId) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(stack.uri("/v1/generations/" + id + "/events"))
            .header("Authorization", "Bearer " + key)
            .header("Accept", "text/event-stream")
            .GET();
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<java.util.stream.Stream<String>> response =
        stack.http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    List<Frame> frames = new ArrayList<>();
    int comments = 0;
    String eventId = null;
    String event = null;
    StringBuilder data = null;
    try (java.util.stream.Stream<String> lines = response.body()) {
      for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
        String line = it.next();
        if (line.isEmpty()) {
          if (data != null) {
            frames.add(new Frame(Integer.parseInt(eventId), event, JSON.readTree(data.toString()), Instant.now()));
          }
          eventId = null;
          event = null;
          data = null;
        } else if (line.startsWith(":")) {
          comments++;
        } else if (line.startsWith("id: ")) {
          eventId = line.substring(4);
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(6));
        } else {
          throw new AssertionError("not a line of an event stream: " + line);
        }
      }
    }
    assertEquals(null, data, "the stream ended inside an event");
    return new Stream(
        response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), frames, comments);
  }

  private static HttpResponse<String> get(String path, String key, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(stack.uri(path)).timeout(Duration.ofSeconds(30)).GET();
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    headers.forEach(request::header);
    return stack.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode timeline(String key, String id) throws Exception {
    HttpResponse<String> response = get("/v1/generations/" + id + "/events", key, Map.of("Accept", "application/json"));
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    return LocalStack.json(response);
  }

  /** A text-only multipart create, as a browser form sends it. */
  private static HttpResponse<String> postForm(String key, Map<String, String> fields, String prefer) throws Exception {
    String boundary = "live-" + UUID.randomUUID();
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (name, value) ->
            body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"")
                .append(name).append("\"\r\n\r\n").append(value).append("\r\n"));
    body.append("--").append(boundary).append("--\r\n");
    return stack.http.send(
        HttpRequest.newBuilder(stack.uri("/v1/generations"))
            .timeout(Duration.ofSeconds(90))
            .header("Authorization", "Bearer " + key)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Prefer", prefer)
            .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** What was held, captured and released agrees with the generation object. */
  private static void checkMoney(JsonNode generation, List<JsonNode> events) {
    BigDecimal estimated = generation.get("estimated_cost_usd").decimalValue();
    BigDecimal cost = generation.get("cost_usd").decimalValue();
    assertEquals(0, estimated.compareTo(ofType(events, "admitted").get(0).get("amount_usd").decimalValue()));
    JsonNode settled = ofType(events, "settled").get(0);
    assertEquals(0, cost.compareTo(settled.get("captured_usd").decimalValue()), settled.toString());
    assertEquals(0, estimated.subtract(cost).compareTo(settled.get("released_usd").decimalValue()), settled.toString());
    assertEquals(0, cost.compareTo(ofType(events, "completed").get(0).get("cost_usd").decimalValue()));
  }

  /** Ids count 1, 2, 3, ... and times never go back. */
  private static void assertNumberedInTimeOrder(List<JsonNode> events) {
    Instant previous = Instant.MIN;
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i + 1, events.get(i).get("id").asInt(), events.toString());
      Instant at = Instant.parse(events.get(i).get("at").asText());
      assertFalse(at.isBefore(previous), events.toString());
      previous = at;
    }
  }

  /** The types that happen once per generation, in their order (progress and callbacks left out). */
  private static List<String> milestones(List<String> types) {
    return types.stream().filter(t -> !t.equals("progress") && !t.equals("callback_received")).toList();
  }

  private static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.get("type").asText()).toList();
  }

  private static List<JsonNode> ofType(List<JsonNode> events, String type) {
    return events.stream().filter(e -> e.get("type").asText().equals(type)).toList();
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> list = new ArrayList<>();
    array.forEach(list::add);
    return list;
  }

  private static Map<String, Object> request(String model, String prompt, int seconds) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", model);
    body.put("prompt", prompt);
    body.put("duration_seconds", seconds);
    return body;
  }

  private static JsonNode create(String key, Map<String, Object> body, int expectedStatus) throws Exception {
    HttpResponse<String> response = stack.post("/v1/generations", key, body, Map.of());
    assertEquals(expectedStatus, response.statusCode(), response.body());
    return LocalStack.json(response);
  }

  private static String generationIdByPrompt(String prompt) throws Exception {
    try (Connection c = stack.database();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM generations WHERE prompt = ?")) {
      ps.setString(1, prompt);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), "the refused generation is in the read model");
        return rs.getString(1);
      }
    }
  }
}
