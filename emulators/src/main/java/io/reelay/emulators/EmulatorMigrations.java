package io.reelay.emulators;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The emulators' tables, migrated by Flyway from {@code classpath:db/emulators} with a history
 * table of their own ({@code emulators_schema_history}), so the app's migration history never
 * lists a test double. Made by the first emulator store that needs its table, that is only where
 * the emulators are on the classpath and enabled; by then the app's own migrations have run (they
 * run when the data source is created), including V26, which drops the tables the app's V20/V21
 * once made in every database.
 */
@Singleton
public class EmulatorMigrations {

  static final String LOCATION = "classpath:db/emulators";
  static final String HISTORY_TABLE = "emulators_schema_history";

  public EmulatorMigrations(DataSource dataSource) {
    Flyway.configure(EmulatorMigrations.class.getClassLoader())
        .dataSource(DelegatingDataSource.unwrapDataSource(dataSource))
        .locations(LOCATION)
        .table(HISTORY_TABLE)
        // the schema already holds the app's tables: start this history at 0, before our V1
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
