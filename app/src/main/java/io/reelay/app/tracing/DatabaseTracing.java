package io.reelay.app.tracing;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
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
 *
 * <p>It must wrap the pool itself, before Micronaut Data wraps the data source in its contextual
 * proxy (ContextualAwareDataSource, order 0): wrapped the other way round, the instrumentation's
 * first getConnection reads the metadata of a contextual connection that is not open yet, and that
 * request fails. Hence the first place among the data source's listeners.
 */
@Singleton
@Requires(beans = OpenTelemetry.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
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
