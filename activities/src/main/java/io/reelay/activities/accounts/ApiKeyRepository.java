package io.reelay.activities.accounts;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.Sort;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The api_keys table. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface ApiKeyRepository extends GenericRepository<ApiKey, UUID> {

  ApiKey save(ApiKey key);

  Optional<ApiKey> findByKeyHashAndRevokedAtIsNull(String keyHash);

  Optional<ApiKey> findByIdAndAccountId(UUID id, UUID accountId);

  List<ApiKey> findByAccountId(UUID accountId, Sort sort);

  long countByAccountIdAndRevokedAtIsNull(UUID accountId);

  // conditional, so instances that each note a use within the same minute write the row once
  @Query(
      "UPDATE api_keys SET last_used_at = :usedAt WHERE id = :id"
          + " AND (last_used_at IS NULL OR last_used_at < :staleBefore)")
  void updateLastUsedAtIfBefore(UUID id, Instant usedAt, Instant staleBefore);

  void updateRevokedAt(@Id UUID id, Instant revokedAt);
}
