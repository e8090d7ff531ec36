package io.reelay.app.compat.videogenapi;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;

/** GET generations: one page of the account's generations, newest first. */
@Serdeable(naming = SnakeCaseStrategy.class)
record GenerationsPage(boolean success, List<GenerationView> generations, Pagination pagination) {

  /**
   * @param page this page, from 1
   * @param limit the page size
   * @param total generations in all
   * @param totalPages pages in all
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  record Pagination(int page, int limit, long total, int totalPages) {}
}
