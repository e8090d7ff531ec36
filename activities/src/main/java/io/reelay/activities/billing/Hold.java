package io.reelay.activities.billing;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.util.UUID;

/**
 * The hold of one generation; its state moves active -> captured | released exactly once, or it
 * is refused at once (the balance did not cover it; no money moved).
 */
@MappedEntity("holds")
record Hold(
    @Id UUID generationId, UUID accountId, long amountMicros, String state, @Nullable Long capturedMicros) {

  static final String ACTIVE = "active";
  static final String REFUSED = "refused";

  boolean active() {
    return state.equals(ACTIVE);
  }
}
