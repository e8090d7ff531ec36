package io.reelay.activities.observability;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;

/**
 * Client spans for the outbound calls that do not go through Micronaut's (instrumented) HTTP
 * client: video downloads and webhook deliveries, made with Apache HttpClient 5. OpenTelemetry's
 * library instrumentation for it (opentelemetry-apache-httpclient-5.2) is not served at the
 * version the Micronaut BOM pins (2.20.1-alpha), so these are spans of our own, children of the
 * current activity's span. A URL is recorded without its query (signatures, tokens). With tracing
 * off there is no OpenTelemetry bean and every span is a no-op.
 */
@Singleton
public class ClientSpans {

  private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  private static final AttributeKey<String> URL = AttributeKey.stringKey("url.full");
  private static final AttributeKey<String> HOST = AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");

  private final Tracer tracer;

  public ClientSpans(Optional<OpenTelemetry> openTelemetry) {
    this.tracer = openTelemetry.orElse(OpenTelemetry.noop()).getTracer("io.reelay");
  }

  /** A span, current until its scope closes; end it with {@link Call#close}. */
  public Call start(String name, String method, URI url) {
    Span span =
        tracer
            .spanBuilder(name)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(METHOD, method)
            .setAttribute(HOST, url.getHost())
            .setAttribute(URL, url.getScheme() + "://" + url.getRawAuthority() + url.getRawPath())
            .startSpan();
    return new Call(span, span.makeCurrent());
  }

  /** A span with no URL of its own (the adapter knows it), e.g. a provider's video download. */
  public Call start(String name) {
    Span span = tracer.spanBuilder(name).setSpanKind(SpanKind.CLIENT).startSpan();
    return new Call(span, span.makeCurrent());
  }

  /** One outbound call's span. */
  public static final class Call implements AutoCloseable {
    private final Span span;
    private final Scope scope;

    private Call(Span span, Scope scope) {
      this.span = span;
      this.scope = scope;
    }

    public Span span() {
      return span;
    }

    public void status(int status) {
      span.setAttribute(STATUS, status);
      if (status >= 400) {
        span.setStatus(StatusCode.ERROR);
      }
    }

    /** Marks the call failed; the exception's type only (messages may name URLs). */
    public void failed(Exception e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
    }

    @Override
    public void close() {
      scope.close();
      span.end();
    }
  }
}
