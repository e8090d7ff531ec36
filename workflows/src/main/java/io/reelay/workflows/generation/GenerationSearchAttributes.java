package io.reelay.workflows.generation;

import io.temporal.common.SearchAttributeKey;

/**
 * Custom search attributes every generation workflow carries, so operators can filter the
 * Temporal UI by account, model, provider, status and front door. They must be registered on the namespace
 * (./reelay up does it; see docs/operations.md for a real cluster).
 */
public final class GenerationSearchAttributes {

  public static final SearchAttributeKey<String> ACCOUNT =
      SearchAttributeKey.forKeyword("ReelayAccount");
  public static final SearchAttributeKey<String> MODEL = SearchAttributeKey.forKeyword("ReelayModel");
  public static final SearchAttributeKey<String> PROVIDER =
      SearchAttributeKey.forKeyword("ReelayProvider");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("ReelayStatus");
  /** The API the generation came through: native, or a front door's name (vinci, openai, ...). */
  public static final SearchAttributeKey<String> DOOR = SearchAttributeKey.forKeyword("ReelayDoor");

  private GenerationSearchAttributes() {}
}
