package io.reelay.app.metrics;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.reelay.activities.billing.MoneyMetrics;
import io.reelay.activities.generations.GenerationMetrics;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.activities.providers.ProviderMetrics;
import io.reelay.activities.providers.ProviderRegistry;
import io.reelay.app.generations.AdmissionBacklog;
import io.reelay.app.generations.AdmissionMetrics;
import io.reelay.app.roles.ProcessRoles;
import jakarta.inject.Singleton;

/**
 * The gauges read from PostgreSQL (generations in flight, the admission backlog, money held,
 * overdue holds, circuit states) say the same on every instance, so only the api processes
 * publish them: a worker-only process's scrape stays free of queries. Each is read at most every
 * few seconds however often it is scraped; dashboards take max() over instances.
 */
@Singleton
public class DatabaseGauges implements ApplicationEventListener<StartupEvent> {

  private final ProcessRoles roles;
  private final GenerationMetrics generationMetrics;
  private final GenerationStore generations;
  private final AdmissionMetrics admissionMetrics;
  private final AdmissionBacklog backlog;
  private final MoneyMetrics moneyMetrics;
  private final ProviderMetrics providerMetrics;
  private final ProviderRegistry providers;

  public DatabaseGauges(
      ProcessRoles roles,
      GenerationMetrics generationMetrics,
      GenerationStore generations,
      AdmissionMetrics admissionMetrics,
      AdmissionBacklog backlog,
      MoneyMetrics moneyMetrics,
      ProviderMetrics providerMetrics,
      ProviderRegistry providers) {
    this.roles = roles;
    this.generationMetrics = generationMetrics;
    this.generations = generations;
    this.admissionMetrics = admissionMetrics;
    this.backlog = backlog;
    this.moneyMetrics = moneyMetrics;
    this.providerMetrics = providerMetrics;
    this.providers = providers;
  }

  @Override
  public void onApplicationEvent(StartupEvent event) {
    if (!roles.api()) {
      return;
    }
    generationMetrics.registerActiveGauges(generations);
    admissionMetrics.registerBacklogGauge(backlog);
    moneyMetrics.registerHoldGauges();
    providerMetrics.registerCircuitGauges(providers.names());
  }
}
