package io.reelay.app.compat.vibegen;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The data of GET /api/v1/tasks: one page of tasks, newest first. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record TaskList(List<Task> tasks, Pagination pagination) {

  /**
   * Where the page is. The document spells {@code pageSize} in camel case and {@code total_pages}
   * in snake case; both as written.
   *
   * @param page 1-based: offset / limit + 1
   * @param pageSize the limit asked for
   * @param total tasks matching the filter
   */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Pagination(
      int page,
      int pageSize,
      long total,
      @JsonProperty("total_pages") long totalPages) {}
}
