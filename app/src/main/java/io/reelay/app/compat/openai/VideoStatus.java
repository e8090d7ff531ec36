package io.reelay.app.compat.openai;

import io.reelay.activities.generations.GenerationStatus;

/**
 * The Videos API's status words. Its vocabulary has no canceled or rejected: those show as failed,
 * with the reason in the video's error.
 */
enum VideoStatus {
  QUEUED("queued"),
  IN_PROGRESS("in_progress"),
  COMPLETED("completed"),
  FAILED("failed");

  private final String word;

  VideoStatus(String word) {
    this.word = word;
  }

  String word() {
    return word;
  }

  static VideoStatus of(GenerationStatus status) {
    return switch (status) {
      case PENDING -> QUEUED;
      case PROCESSING -> IN_PROGRESS;
      // an expired video completed; its expires_at (past) says its file is gone
      case COMPLETED, EXPIRED -> COMPLETED;
      case FAILED, REJECTED, CANCELED -> FAILED;
    };
  }
}
