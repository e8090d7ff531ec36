package io.reelay.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.reelay.activities.observability.GenerationContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.MDC;

/** The shipped logback.xml: plain lines by default, one JSON object per line with REELAY_LOG_FORMAT=json. */
class LogFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void jsonLinesCarryTheGenerationWorkflowAndTrace() throws Exception {
    SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create())).build();
    Span span = tracing.get("test").spanBuilder("RunActivity:Submit").startSpan();
    List<String> lines =
        logged(
            "json",
            log -> {
              try (Scope ignored = span.makeCurrent();
                  GenerationContext context = GenerationContext.of("0b6c7d0e-gen", "generation-0b6c7d0e-gen")) {
                log.info("submitted to {}", "sim");
              }
              log.info("outside any generation");
            });
    span.end();

    assertEquals(2, lines.size(), String.join("\n", lines));
    JsonNode inside = JSON.readTree(lines.get(0));
    assertEquals("submitted to sim", inside.get("message").asText());
    assertEquals("INFO", inside.get("level").asText());
    assertEquals("io.reelay.test", inside.get("logger_name").asText());
    assertEquals("0b6c7d0e-gen", inside.get("generation_id").asText());
    assertEquals("generation-0b6c7d0e-gen", inside.get("workflow_id").asText());
    assertEquals(span.getSpanContext().getTraceId(), inside.get("trace_id").asText());
    assertEquals(span.getSpanContext().getSpanId(), inside.get("span_id").asText());
    assertTrue(inside.has("@timestamp"));

    JsonNode outside = JSON.readTree(lines.get(1));
    assertEquals("outside any generation", outside.get("message").asText());
    assertFalse(outside.has("generation_id"), "the MDC was put back: " + outside);
    assertFalse(outside.has("workflow_id"), outside.toString());
    assertFalse(outside.has("trace_id"), "no span, no trace id: " + outside);
  }

  @Test
  void plainIsTheDefault() throws Exception {
    List<String> lines = logged(null, log -> log.info("hello"));
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+\\] io\\.reelay\\.test - hello"), lines.get(0));
  }

  /** What the shipped configuration writes to stdout for {@code body}, line by line. */
  private static List<String> logged(String format, java.util.function.Consumer<Logger> body) throws Exception {
    LoggerContext context = new LoggerContext();
    // the MDC that org.slf4j.MDC (and so GenerationContext) writes to
    context.setMDCAdapter(MDC.getMDCAdapter());
    if (format != null) {
      context.putProperty("REELAY_LOG_FORMAT", format);
    }
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
      body.accept(context.getLogger("io.reelay.test"));
    } finally {
      context.stop();
      System.setOut(stdout);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
  }
}
