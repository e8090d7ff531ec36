package io.reelay.activities;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/** Whether PostgreSQL answers, within two seconds: the health check's database probe. */
@Singleton
public class DatabasePing {

  /** Native: a round trip that touches no table. */
  @JdbcRepository(dialect = Dialect.POSTGRES)
  interface Queries extends GenericRepository<ServerSecretRepository.ServerSecret, String> {

    // native: a statement timeout for this transaction only (SET LOCAL takes no parameter)
    @Query("SELECT set_config('statement_timeout', '2000', true)")
    String limitTo2Seconds();

    @Query("SELECT 1")
    Integer ping();
  }

  private final Queries queries;

  public DatabasePing(Queries queries) {
    this.queries = queries;
  }

  /** Throws when the database does not answer, or not in time. */
  @Transactional(readOnly = true)
  public void ping() {
    queries.limitTo2Seconds();
    queries.ping();
  }
}
