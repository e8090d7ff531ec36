package io.reelay.activities.accounts;

import io.micronaut.data.annotation.Id;
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

  void updateLastUsedAt(@Id UUID id, Instant lastUsedAt);

  void updateRevokedAt(@Id UUID id, Instant revokedAt);
}
