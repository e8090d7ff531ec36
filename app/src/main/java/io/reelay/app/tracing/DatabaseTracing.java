package io.reelay.app.tracing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.NonNull;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.jdbc.datasource.JdbcTelemetry;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import javax.sql.DataSource;

/**
 * With tracing on, every SQL statement becomes a client span of whatever span is current (an API
 * request, an activity), through OpenTelemetry's JDBC library instrumentation wrapped around the
 * connection pool. Statements are recorded sanitized (literals replaced by ?) and without their
 * parameters, so no account data or key hash reaches a span; connection checkouts are not spans.
 * The pool itself (and its metrics) stays as Micronaut built it.
 */
@Singleton
@Requires(beans = OpenTelemetry.class)
class DatabaseTracing implements BeanCreatedEventListener<DataSource> {

  private final Provider<OpenTelemetry> openTelemetry;

  DatabaseTracing(Provider<OpenTelemetry> openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  @Override
  public DataSource onCreated(@NonNull BeanCreatedEvent<DataSource> event) {
    return JdbcTelemetry.builder(openTelemetry.get())
        .setDataSourceInstrumenterEnabled(false)
        .setStatementSanitizationEnabled(true)
        .setCaptureQueryParameters(false)
        .build()
        .wrap(event.getBean());
  }
}
