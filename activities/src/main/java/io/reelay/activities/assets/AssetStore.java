package io.reelay.activities.assets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Where finished videos live. The local filesystem store is the default; an S3 store implements
 * the same contract. Keys are relative paths such as {@code videos/<generationId>.mp4}.
 */
public interface AssetStore {

  /** Stores a file under the key, replacing what was there (puts are idempotent). */
  void put(String key, Path file, String contentType) throws IOException;

  /** The object's size, or empty when it does not exist. */
  OptionalLong size(String key) throws IOException;

  /** Opens {@code length} bytes starting at {@code offset}. The caller closes the stream. */
  InputStream open(String key, long offset, long length) throws IOException;

  /** Deletes the object if it exists. */
  void delete(String key) throws IOException;

  /** Deletes every object whose key starts with the prefix (e.g. {@code inputs/<generationId>/}). */
  void deleteAll(String prefix) throws IOException;
}
