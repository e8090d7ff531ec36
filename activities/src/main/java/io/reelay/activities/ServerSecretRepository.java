package io.reelay.activities;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;

/** The server_secrets table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ServerSecretRepository extends GenericRepository<ServerSecretRepository.ServerSecret, String> {

  /** One named secret, base64. */
  @MappedEntity("server_secrets")
  record ServerSecret(@Id String name, String value) {}

  Optional<String> findValueByName(String name);

  // native: ON CONFLICT, the first instance's secret wins and every other reads it
  @Query("INSERT INTO server_secrets (name, value) VALUES (:name, :value) ON CONFLICT (name) DO NOTHING")
  int createIfAbsent(String name, String value);
}
