package io.reelay.app.compat.vibegen;

import io.micronaut.core.annotation.Nullable;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import io.reelay.activities.generations.GenerationStore;
import io.reelay.app.api.ApiException;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The task list: the account's generations, newest first, by VibeGen's status word and offset. */
@Singleton
public class TaskPages {

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;

  /**
   * What the list asks for.
   *
   * @param status null for every status
   */
  record Query(@Nullable TaskStatus status, int limit, int offset) {

    /** The query parameters as given; 400 INVALID_PARAMETER for a value outside the document's. */
    static Query parse(@Nullable String status, @Nullable String limit, @Nullable String offset) {
      TaskStatus filter = null;
      if (status != null && !status.isBlank()) {
        filter =
            TaskStatus.ofWord(status)
                .orElseThrow(
                    () -> ApiException.invalid("status", "status must be one of pending, processing, completed, failed"));
      }
      return new Query(
          filter,
          integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
          integer("offset", offset, 0, 0, Integer.MAX_VALUE));
    }

    /** The core's statuses listed: a refused create (402) was never a task, as in the native list. */
    List<String> coreStatusWords() {
      Set<GenerationStatus> core =
          status == null ? Set.of(GenerationStatus.values()) : status.coreStatuses();
      return Arrays.stream(GenerationStatus.values())
          .filter(s -> core.contains(s) && s != GenerationStatus.REJECTED)
          .map(GenerationStatus::word)
          .toList();
    }

    /** Page numbers from 1, as the document's pagination counts them. */
    TaskList.Pagination pagination(long total) {
      return new TaskList.Pagination(offset / limit + 1, limit, total, (total + limit - 1) / limit);
    }
  }

  private final GenerationStore generations;
  private final TaskViews views;

  public TaskPages(GenerationStore generations, TaskViews views) {
    this.generations = generations;
    this.views = views;
  }

  public TaskList page(UUID accountId, Query query) {
    List<String> statuses = query.coreStatusWords();
    List<GenerationRecord> rows = generations.offsetPage(accountId, statuses, query.offset(), query.limit());
    return new TaskList(
        rows.stream().map(views::task).toList(),
        query.pagination(generations.countWithStatuses(accountId, statuses)));
  }

  private static int integer(String param, @Nullable String value, int fallback, int min, int max) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int number = Integer.parseInt(value.trim());
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.invalid(
        param, param + " must be an integer from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max));
  }
}
