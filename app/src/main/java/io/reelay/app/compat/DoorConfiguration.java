package io.reelay.app.compat;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import java.util.Map;

/**
 * One door's settings under {@code reelay.doors.<word>}: its model names (normalised, see {@link
 * DoorModels#normalise}) mapped to Reelay model ids, and the model of a create that names none.
 */
@EachProperty("reelay.doors")
public class DoorConfiguration {

  private final String word;
  private String defaultModel;
  private Map<String, String> models = Map.of();

  public DoorConfiguration(@Parameter String word) {
    this.word = word;
  }

  public String getWord() {
    return word;
  }

  public String getDefaultModel() {
    return defaultModel;
  }

  public void setDefaultModel(String defaultModel) {
    this.defaultModel = defaultModel;
  }

  public Map<String, String> getModels() {
    return models;
  }

  public void setModels(Map<String, String> models) {
    this.models = models == null ? Map.of() : Map.copyOf(models);
  }
}
