package io.reelay.app.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.reelay.activities.retention.AccountRetention;
import io.reelay.app.api.ApiException;
import io.reelay.app.api.NodeReader;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.NotNull;

/**
 * The body of PUT /admin/v1/accounts/{id}/retention. The field must be there, null included: a
 * record cannot tell an absent field from a null one, so it holds a {@link Days} that only the
 * field's own reader makes.
 *
 * @param videoRetentionDays null: the server's default
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@Schema(name = "RetentionRequest")
public record RetentionRequest(
    @NotNull(message = Days.RULE)
        @Serdeable.Deserializable(using = Days.Reader.class)
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, implementation = Integer.class, nullable = true, minimum = "1", maximum = "3650")
        Days videoRetentionDays) {

  /** The account's own number of days, or null for the server's default. */
  public record Days(@Nullable Integer days) {

    static final String RULE = "video_retention_days is required: 1 to " + AccountRetention.MAX_DAYS + ", or null for the default";

    /** A whole number of days (5.0 too, as before) in range, or null. */
    @Singleton
    static final class Reader extends NodeReader<Days> {

      @Override
      protected Days read(JsonNode node, Argument<? super Days> field) {
        if (node == null || node.isNull()) {
          return new Days(null);
        }
        double value = node.isNumber() ? node.getNumberValue().doubleValue() : Double.NaN;
        if (!node.isNumber() || value != Math.rint(value) || value < 1 || value > AccountRetention.MAX_DAYS) {
          throw ApiException.invalid(
              "video_retention_days",
              "video_retention_days must be a whole number of days from 1 to " + AccountRetention.MAX_DAYS + ", or null for the default");
        }
        return new Days(node.getNumberValue().intValue());
      }
    }
  }
}
