package io.reelay.app.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

/** Query values never leave in a span: tokens and signatures live there. */
class QueryRedactionTest {

  private static final AttributeKey<String> QUERY = AttributeKey.stringKey("url.query");
  private static final AttributeKey<String> FULL = AttributeKey.stringKey("url.full");

  @Test
  void everyValueOfAQueryIsBlankedNamesStay() {
    assertEquals("token=REDACTED", QueryRedaction.redacted(QUERY, "token=cb_4f2a9"));
    assertEquals(
        "https://cdn.example.com/v/1.mp4?X-Amz-Signature=REDACTED&X-Amz-Expires=REDACTED&flag",
        QueryRedaction.redacted(FULL, "https://cdn.example.com/v/1.mp4?X-Amz-Signature=ab12&X-Amz-Expires=300&flag"));
    assertEquals("http://127.0.0.1:8080/sim/v1/jobs", QueryRedaction.redacted(FULL, "http://127.0.0.1:8080/sim/v1/jobs"));
  }

  @Test
  void anExporterSeesOnlyTheBlankedUrl() {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported))
            .addSpanProcessor(new QueryRedaction())
            .build();
    tracing.get("test").spanBuilder("POST /v1/provider-callbacks/{provider}/{generationId}")
        .setAttribute(QUERY, "token=cb_secret")
        .startSpan()
        .end();
    SpanData span = exported.getFinishedSpanItems().get(0);
    assertEquals("token=REDACTED", span.getAttributes().get(QUERY));
  }
}
