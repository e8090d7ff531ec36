package io.reelay.app.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Drops SQL statements that belong to no request or activity (the event feed's and caches'
 * background reads, every few hundred milliseconds): as traces of their own they would bury the
 * ones that matter. Everything else is decided by the configured sampler (OTEL_TRACES_SAMPLER).
 */
final class QuietBackground implements Sampler {

  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system");
  private static final AttributeKey<String> DB_SYSTEM_NAME = AttributeKey.stringKey("db.system.name");

  private final Sampler configured;

  QuietBackground(Sampler configured) {
    this.configured = configured;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext, String traceId, String name, SpanKind spanKind, Attributes attributes, List<LinkData> parentLinks) {
    boolean orphan = !Span.fromContext(parentContext).getSpanContext().isValid();
    if (orphan && (attributes.get(DB_SYSTEM) != null || attributes.get(DB_SYSTEM_NAME) != null)) {
      return SamplingResult.drop();
    }
    return configured.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return "QuietBackground{" + configured.getDescription() + "}";
  }
}
