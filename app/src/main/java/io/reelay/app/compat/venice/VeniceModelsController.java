package io.reelay.app.compat.venice;

import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.reelay.app.api.ApiException;
import io.reelay.app.compat.Door;
import io.reelay.app.compat.DoorGenerations;
import io.reelay.app.compat.DoorModels;
import io.reelay.app.models.ModelSpec;
import io.swagger.v3.oas.annotations.Hidden;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GET /models?type=video: the model names this door lists ({@code reelay.doors.venice.listed-models},
 * in the document's spelling), those that map to a model enabled here. Other types list nothing:
 * this door serves video only.
 */
@Controller("/compat/venice/api/v1/models")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
public class VeniceModelsController {

  private final DoorGenerations generations;
  private final DoorModels models;
  private final List<String> listed;

  public VeniceModelsController(
      DoorGenerations generations,
      DoorModels models,
      @Value("${reelay.doors.venice.listed-models:}") List<String> listed) {
    this.generations = generations;
    this.models = models;
    this.listed = List.copyOf(listed);
  }

  @Get
  public VeniceModelList list(HttpRequest<?> request, @QueryValue Optional<String> type) {
    generations.account(request);
    String wanted = type.filter(t -> !t.isBlank()).orElse("video");
    List<VeniceModelList.Model> data = new ArrayList<>();
    if (wanted.equals("video") || wanted.equals("all")) {
      for (String name : listed) {
        try {
          ModelSpec model = models.resolve(Door.VENICE, name);
          data.add(new VeniceModelList.Model(name, "model", "video", 0, "reelay", new VeniceModelList.Spec(model.id(), model.description())));
        } catch (ApiException notMappedHere) {
          // a listed name whose model is off on this server is not offered
        }
      }
    }
    return new VeniceModelList("list", wanted, data);
  }
}
