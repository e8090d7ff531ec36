package io.reelay.activities.accounts;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.util.UUID;

/**
 * An account as the directory knows it. Its money columns (and their defaults) belong to the
 * ledger, its retention to the retention settings: neither is mapped here.
 */
@MappedEntity("accounts")
record Account(@Id UUID id, String name) {}
