package io.reelay.app.compat.openai;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The answer to a delete.
 *
 * @param object always {@code video.deleted}
 * @param deleted true: no video file of it is stored any more
 */
@Serdeable
public record DeletedVideo(String id, String object, boolean deleted) {

  static DeletedVideo of(String id) {
    return new DeletedVideo(id, "video.deleted", true);
  }
}
