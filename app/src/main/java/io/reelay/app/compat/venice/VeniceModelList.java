package io.reelay.app.compat.venice;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** The answer of GET /models: the video models this door takes (an empty data list included). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VeniceModelList(String object, String type, List<Model> data) {

  /**
   * One model name and what it runs on here.
   *
   * @param modelSpec the Reelay model behind the name
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record Model(String id, String object, String type, long created, String ownedBy, Spec modelSpec) {}

  /** @param reelayModel the Reelay model the name maps to (GET /v1/models) */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record Spec(String reelayModel, String description) {}
}
