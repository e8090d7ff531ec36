package io.reelay.app.compat.vinci;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** GET /api/v1/keys: every key of the account, revoked ones included (is_active false). */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record KeyList(List<KeyView> apiKeys, int count) {}
