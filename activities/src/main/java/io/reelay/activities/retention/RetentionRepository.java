package io.reelay.activities.retention;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.Optional;
import java.util.UUID;

/** Each account's retention setting, and the expiry of its stored videos. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface RetentionRepository extends GenericRepository<RetentionRepository.AccountSetting, UUID> {

  /** The retention column of an account (null: the default). */
  @MappedEntity("accounts")
  record AccountSetting(@Id UUID id, @Nullable Integer videoRetentionDays) {}

  Optional<AccountSetting> findById(UUID id);

  int update(@Id UUID id, @Nullable Integer videoRetentionDays);

  // native: moves the expiry of the account's stored videos to the new retention
  @Query(
      "UPDATE generations SET expires_at = completed_at + coalesce(make_interval(days => CAST(:days AS int)),"
          + " make_interval(secs => :defaultSeconds)) WHERE account_id = :accountId AND status = 'completed'")
  int moveExpiry(UUID accountId, @Nullable Integer days, double defaultSeconds);
}
