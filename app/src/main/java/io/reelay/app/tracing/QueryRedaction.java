package io.reelay.app.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Blanks every query parameter's value in the URLs spans record, before any exporter sees them:
 * our URLs carry secrets there (a provider callback's token, a signed video link's signature, a
 * result URL's signature, a client's webhook token). The HTTP instrumentation records url.query
 * of server requests and url.full of client calls as they are; request and response headers are
 * not recorded at all (Micronaut's default), so Authorization and API keys never reach a span.
 */
final class QueryRedaction implements SpanProcessor {

  private static final List<AttributeKey<String>> URL_ATTRIBUTES =
      List.of(AttributeKey.stringKey("url.query"), AttributeKey.stringKey("url.full"));

  private static final Pattern PARAMETER_VALUE = Pattern.compile("=[^&#]*");

  static String redacted(AttributeKey<String> key, String value) {
    boolean wholeQuery = key.getKey().equals("url.query");
    int query = wholeQuery ? 0 : value.indexOf('?') + 1;
    if (!wholeQuery && query == 0) {
      return value; // a URL without a query
    }
    return value.substring(0, query) + PARAMETER_VALUE.matcher(value.substring(query)).replaceAll("=REDACTED");
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    for (AttributeKey<String> key : URL_ATTRIBUTES) {
      String value = span.getAttribute(key);
      if (value != null) {
        span.setAttribute(key, redacted(key, value));
      }
    }
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }
}
