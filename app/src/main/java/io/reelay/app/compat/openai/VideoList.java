package io.reelay.app.compat.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/**
 * A page of videos; the next page is asked for with {@code after=<last_id>}.
 *
 * @param object always {@code list}
 * @param firstId the first video's id, null on an empty page
 * @param lastId the last video's id, null on an empty page
 * @param hasMore whether videos follow the last one
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record VideoList(String object, List<Video> data, @Nullable String firstId, @Nullable String lastId, boolean hasMore) {

  static VideoList of(List<Video> data, boolean hasMore) {
    return new VideoList(
        "list",
        data,
        data.isEmpty() ? null : data.get(0).id(),
        data.isEmpty() ? null : data.get(data.size() - 1).id(),
        hasMore);
  }
}
