package io.reelay.activities.accounts;

import java.util.UUID;

/** Published when a key's revocation is written; {@link ApiKeyCache} forgets the key on commit. */
public record ApiKeyRevoked(UUID keyId) {}
