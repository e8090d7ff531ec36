package io.reelay.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.opentelemetry.instrumentation.jdbc.datasource.OpenTelemetryDataSource;
import javax.sql.DataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.instrumentation.logback.mdc.v1_0.OpenTelemetryAppender;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.reelay.stack.Ports;
import io.reelay.stack.ReelayStack;
import io.reelay.stack.StackOptions;
import io.temporal.common.interceptors.WorkflowClientInterceptor;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Traces and JSON logs of one generation on the real stack (Temporal dev server, PostgreSQL, the
 * simulated provider over HTTP). The app runs inside this JVM so the test can hand it an in-memory
 * span exporter; the stack's own app JVM is stopped so this one does all the work, API and worker.
 */
class TracingEndToEndTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AttributeKey<String> GENERATION_ID = AttributeKey.stringKey("reelay.generation_id");
  private static final String SIM_KEY = "sim_trace_" + UUID.randomUUID();

  private static ReelayStack stack;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    stack =
        ReelayStack.start(
            StackOptions.in(StackOptions.projectRoot().resolve("app/target/e2e-tracing-" + System.currentTimeMillis()))
                .withClasspath(System.getProperty("java.class.path")));
    stack.app().stop();
  }

  @AfterAll
  static void stop() throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  /** This JVM's app against the stack's Temporal and PostgreSQL; tracing as {@code extra} says. */
  private static ApplicationContext app(int port, Map<String, Object> extra, Object... singletons) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", port);
    properties.put("datasources.default.url", stack.jdbcUrl());
    properties.put("reelay.temporal.address", stack.temporalTarget());
    properties.put("reelay.data-dir", stack.workDir().resolve("data").toString());
    properties.put("reelay.admin-token", stack.adminToken());
    properties.put("reelay.simulator.enabled", true);
    properties.put("reelay.simulator.api-key", SIM_KEY);
    properties.put("reelay.simulator.default-delay-seconds", 1);
    properties.put("reelay.webhooks.allowed-cidrs", "127.0.0.1/32");
    // the status polls (every 300 ms) of a slow run must not reach the default 60 a minute
    properties.put("reelay.rate-limits.default-per-minute", 6000);
    properties.putAll(extra);
    ApplicationContext context =
        ApplicationContext.builder().packages("io.reelay").properties(properties).singletons(singletons).start();
    context.getBean(EmbeddedServer.class).start();
    return context;
  }

  @Test
  void oneTraceFromTheCreateThroughTheWorkflowToTheProviderWithJsonLogs() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    int port = Ports.free();
    try (ApplicationContext app =
            app(port, Map.of("micronaut.otel.enabled", true, "otel.traces.exporter", "none"), SimpleSpanProcessor.create(spans));
        JsonLogCapture logs = new JsonLogCapture(logged);
        WebhookReceiver receiver = new WebhookReceiver()) {
      // the instrumentation wraps the pool, inside Micronaut Data's contextual proxy (the other
      // order fails the first request that opens a connection, as it once did here)
      DataSource dataSource = app.getBean(DataSource.class);
      assertTrue(
          dataSource instanceof DelegatingDataSource
              && DelegatingDataSource.unwrapDataSource(dataSource) instanceof OpenTelemetryDataSource,
          "the contextual data source wraps the traced pool: " + dataSource);
      String key = newAccount(port, "traced");
      String webhookUrl = receiver.url("/hooks?token=hook-secret-77");
      HttpResponse<String> created =
          send(port, "POST", "/v1/generations", key,
              Map.of("model", "sim-poll", "prompt", "a traced lighthouse", "duration_seconds", 1,
                  "aspect_ratio", "16:9", "resolution", "480p", "webhook_url", webhookUrl));
      assertEquals(201, created.statusCode(), created.body());
      String id = JSON.readTree(created.body()).get("id").asText();
      awaitStatus(port, key, id, "completed");
      receiver.await(1, Duration.ofSeconds(60));

      SpanData create = awaitSpan(spans, s -> s.getKind() == SpanKind.SERVER && s.getName().equals("POST /v1/generations"), "the create request's server span");
      String traceId = create.getTraceId();
      assertEquals(id, create.getAttributes().get(GENERATION_ID), create.toString());
      Predicate<SpanData> inTrace = s -> s.getTraceId().equals(traceId);

      awaitSpan(spans, inTrace.and(s -> s.getName().equals("StartWorkflow:GenerationWorkflow")), "the start of the workflow");
      awaitSpan(spans, inTrace.and(s -> s.getName().equals("RunWorkflow:GenerationWorkflow")), "the workflow run");
      for (String activity : List.of("Submit", "Poll", "StoreVideo", "Capture")) {
        SpanData run = awaitSpan(spans, inTrace.and(s -> s.getName().equals("RunActivity:" + activity)), "activity " + activity);
        assertEquals(id, run.getAttributes().get(GENERATION_ID), run.toString());
      }
      SpanData submitActivity = awaitSpan(spans, inTrace.and(s -> s.getName().equals("RunActivity:Submit")), "submit");
      SpanData providerCall =
          awaitSpan(spans, inTrace.and(s -> s.getKind() == SpanKind.CLIENT
              && s.getParentSpanId().equals(submitActivity.getSpanId())
              && s.getAttributes().get(AttributeKey.stringKey("http.request.method")) != null), "the provider's HTTP call inside the submit activity");
      String providerUrl = providerCall.getAttributes().get(AttributeKey.stringKey("url.full"));
      assertTrue(providerUrl != null && providerUrl.contains("/sim/"), providerCall.toString());
      SpanData store = awaitSpan(spans, inTrace.and(s -> s.getName().equals("RunActivity:StoreVideo")), "store");
      awaitSpan(spans, inTrace.and(s -> s.getName().equals("download video") && s.getParentSpanId().equals(store.getSpanId())), "the download inside StoreVideo");
      SpanData capture = awaitSpan(spans, inTrace.and(s -> s.getName().equals("RunActivity:Capture")), "capture");
      SpanData sql =
          awaitSpan(spans, inTrace.and(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(capture.getSpanId())
              && "postgresql".equals(s.getAttributes().get(AttributeKey.stringKey("db.system")))), "a database call inside Capture");
      assertTrue(sql.getAttributes().get(AttributeKey.stringKey("db.statement")) != null, sql.toString());
      awaitSpan(spans, inTrace.and(s -> s.getKind() == SpanKind.CLIENT && s.getParentSpanId().equals(create.getSpanId())
          && s.getAttributes().get(AttributeKey.stringKey("db.system")) != null), "a database call of the create request");
      // the webhook delivery workflow was started from an activity: the same trace
      SpanData webhook = awaitSpan(spans, inTrace.and(s -> s.getName().equals("RunActivity:SendWebhook")), "the webhook delivery");
      assertEquals(id, webhook.getAttributes().get(GENERATION_ID), webhook.toString());
      awaitSpan(spans, inTrace.and(s -> s.getName().equals("POST webhook") && s.getParentSpanId().equals(webhook.getSpanId())), "the webhook POST");
      assertTrue(spans.getFinishedSpanItems().stream()
          .noneMatch(s -> s.getParentSpanId().equals("0000000000000000") && s.getAttributes().get(AttributeKey.stringKey("db.system")) != null),
          "background SQL is not traced on its own");

      // a read of the generation names it too, in a trace of its own
      send(port, "GET", "/v1/generations/" + id, key, null);
      SpanData read = awaitSpan(spans, s -> s.getKind() == SpanKind.SERVER && s.getName().equals("GET /v1/generations/{id}"), "the read");
      assertEquals(id, read.getAttributes().get(GENERATION_ID));

      // a provider callback: a trace of its own that names the generation, its token blanked
      HttpResponse<String> fast =
          send(port, "POST", "/v1/generations", key,
              Map.of("model", "sim-fast", "prompt", "a called-back lighthouse", "duration_seconds", 1,
                  "aspect_ratio", "16:9", "resolution", "480p"));
      assertEquals(201, fast.statusCode(), fast.body());
      String fastId = JSON.readTree(fast.body()).get("id").asText();
      awaitStatus(port, key, fastId, "completed");
      SpanData callback =
          awaitSpan(spans, s -> s.getKind() == SpanKind.SERVER && fastId.equals(s.getAttributes().get(GENERATION_ID))
              && s.getName().startsWith("POST /v1/provider-callbacks"), "the provider's callback");
      assertEquals("token=REDACTED", callback.getAttributes().get(AttributeKey.stringKey("url.query")), callback.toString());

      String everySpan = spans.getFinishedSpanItems().stream().map(SpanData::toString).collect(Collectors.joining("\n"));
      assertNoSecrets(everySpan, key, "span attributes");

      // JSON logs: the delivery's line carries the generation, its workflow and the trace
      List<JsonNode> lines = logs.lines();
      JsonNode delivered =
          lines.stream()
              .filter(l -> l.get("message").asText().startsWith("webhook generation.completed of generation " + id))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no delivery line in " + lines));
      assertEquals(id, delivered.get("generation_id").asText(), delivered.toString());
      assertTrue(delivered.get("workflow_id").asText().startsWith("webhook-"), delivered.toString());
      assertEquals(traceId, delivered.get("trace_id").asText(), delivered.toString());
      assertNoSecrets(logged.toString(StandardCharsets.UTF_8), key, "the JSON log");
    }
  }

  @Test
  void tracingIsOffByDefault() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    int port = Ports.free();
    try (ApplicationContext app = app(port, Map.of("reelay.roles", "api"), SimpleSpanProcessor.create(spans))) {
      assertFalse(app.containsBean(OpenTelemetry.class), "no OpenTelemetry SDK, so nothing to export");
      assertTrue(app.getBeansOfType(WorkflowClientInterceptor.class).isEmpty(), "no Temporal tracing interceptor");
      String key = newAccount(port, "untraced");
      HttpResponse<String> created =
          send(port, "POST", "/v1/generations", key,
              Map.of("model", "sim-poll", "prompt", "untraced", "duration_seconds", 1, "aspect_ratio", "16:9", "resolution", "480p"));
      assertEquals(201, created.statusCode(), created.body());
      assertEquals(200, send(port, "GET", "/v1/generations/" + JSON.readTree(created.body()).get("id").asText(), key, null).statusCode());
      assertEquals(List.of(), spans.getFinishedSpanItems());
    }
  }

  private static void assertNoSecrets(String text, String apiKey, String where) {
    assertFalse(text.contains(apiKey), "the client's API key is in " + where);
    assertFalse(text.contains(apiKey.substring(Math.max(0, apiKey.length() - 16))), "part of the API key is in " + where);
    assertFalse(text.contains(SIM_KEY), "the provider key is in " + where);
    assertFalse(text.contains(stack.adminToken()), "the admin token is in " + where);
    assertFalse(text.contains("hook-secret-77"), "the webhook URL's token is in " + where);
    assertFalse(text.contains("Bearer"), "an Authorization header is in " + where);
    assertFalse(text.matches("(?s).*[?&](token|sig|signature)=(?!REDACTED)[^&\\s,}\"]+.*"), "a token or signature is in " + where);
  }

  private static SpanData awaitSpan(InMemorySpanExporter spans, Predicate<SpanData> wanted, String what) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      for (SpanData span : spans.getFinishedSpanItems()) {
        if (wanted.test(span)) {
          return span;
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no span for " + what + " among:\n"
        + spans.getFinishedSpanItems().stream().map(s -> s.getKind() + " " + s.getName() + " " + s.getTraceId()).collect(Collectors.joining("\n")));
  }

  private String newAccount(int port, String name) throws Exception {
    HttpResponse<String> response = send(port, "POST", "/admin/v1/accounts", stack.adminToken(), Map.of("name", name, "credits_usd", "5.00"));
    assertEquals(201, response.statusCode(), response.body());
    return JSON.readTree(response.body()).get("api_key").asText();
  }

  private void awaitStatus(int port, String key, String id, String status) throws Exception {
    long deadline = System.currentTimeMillis() + 90_000;
    String last = null;
    while (System.currentTimeMillis() < deadline) {
      last = send(port, "GET", "/v1/generations/" + id, key, null).body();
      if (JSON.readTree(last).get("status").asText().equals(status)) {
        return;
      }
      Thread.sleep(300);
    }
    throw new AssertionError(id + " did not reach " + status + ": " + last);
  }

  private HttpResponse<String> send(int port, String method, String path, String bearer, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + bearer)
            .header("Content-Type", "application/json")
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The JSON format the shipped logback.xml writes with REELAY_LOG_FORMAT=json (LogstashEncoder
   * behind OpenTelemetry's MDC appender), attached to the root logger at INFO while a test runs.
   */
  private static final class JsonLogCapture implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level level = root.getLevel();
    private final OpenTelemetryAppender appender = new OpenTelemetryAppender();
    private final ByteArrayOutputStream out;

    JsonLogCapture(ByteArrayOutputStream out) {
      this.out = out;
      LogstashEncoder encoder = new LogstashEncoder();
      encoder.setContext(context);
      encoder.start();
      OutputStreamAppender<ch.qos.logback.classic.spi.ILoggingEvent> json = new OutputStreamAppender<>();
      json.setContext(context);
      json.setEncoder(encoder);
      json.setOutputStream(out);
      json.start();
      appender.setContext(context);
      appender.addAppender(json);
      appender.start();
      root.addAppender(appender);
      root.setLevel(Level.INFO);
    }

    List<JsonNode> lines() throws Exception {
      List<JsonNode> lines = new java.util.ArrayList<>();
      for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          lines.add(JSON.readTree(line));
        }
      }
      return lines;
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      root.setLevel(level);
      appender.stop();
    }
  }
}
