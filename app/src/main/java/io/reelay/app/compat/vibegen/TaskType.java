package io.reelay.app.compat.vibegen;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a task makes a video from: a prompt alone, or a prompt and images (image_urls). */
public enum TaskType {
  TEXT_TO_VIDEO,
  IMAGE_TO_VIDEO;

  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static TaskType of(boolean hasImages) {
    return hasImages ? IMAGE_TO_VIDEO : TEXT_TO_VIDEO;
  }

  public static Optional<TaskType> ofWord(String word) {
    return Arrays.stream(values()).filter(t -> t.word().equals(word)).findFirst();
  }
}
