package io.reelay.activities.accounts;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;
import java.util.UUID;

/** The accounts table, as far as the directory uses it. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface AccountRepository extends GenericRepository<Account, UUID> {

  Account save(Account account);

  boolean existsById(UUID id);

  /** Locks the account's row until the transaction ends. */
  Optional<Account> findByIdForUpdate(UUID id);

  // native: the oldest account of that name (created_at is not mapped: the database sets it)
  @Query("SELECT id FROM accounts WHERE name = :name ORDER BY created_at LIMIT 1")
  Optional<UUID> findOldestIdByName(String name);
}
