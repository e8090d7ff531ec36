package io.reelay.activities.assets.inputs;

import io.reelay.activities.LinkSignature;

import io.reelay.activities.PublicUrl;
import io.reelay.activities.ServerSecrets;
import io.reelay.activities.assets.AssetStore;
import io.reelay.activities.assets.images.FetchedImage;
import io.reelay.workflows.generation.ImageInput;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The input images of generations, kept in the asset store under {@code
 * inputs/<generationId>/<n>.<ext>}. Providers that want a URL get a signed, expiring link to
 * {@code /inputs/<generationId>/<n>.<ext>} on this server; the signature is an HMAC under a
 * server secret, so any instance can verify a link another one made.
 */
@Singleton
public class InputImages {

  /** Long enough for a provider's queue to reach the job, short enough to stop being a leak. */
  public static final Duration URL_LIFETIME = Duration.ofHours(6);

  private final AssetStore store;
  private final ServerSecrets secrets;
  private final String publicUrl;
  private final Clock clock;

  public InputImages(AssetStore store, ServerSecrets secrets, PublicUrl publicUrl) {
    this(store, secrets, publicUrl.base(), Clock.systemUTC());
  }

  InputImages(AssetStore store, ServerSecrets secrets, String publicUrl, Clock clock) {
    this.store = store;
    this.secrets = secrets;
    this.publicUrl = publicUrl;
    this.clock = clock;
  }

  /** Stores image number {@code index} of a generation and answers its reference. */
  public ImageInput save(String generationId, int index, String role, FetchedImage image)
      throws IOException {
    String key = "inputs/" + generationId + "/" + index + "." + extension(image.mediaType());
    Path file = Files.createTempFile("reelay-input-", ".img");
    try {
      Files.write(file, image.bytes());
      store.put(key, file, image.mediaType());
    } finally {
      Files.deleteIfExists(file);
    }
    return new ImageInput(role, key, image.mediaType(), image.bytes().length, sha256(image.bytes()));
  }

  /** The stored bytes of an input image. */
  public byte[] load(ImageInput image) throws IOException {
    try (InputStream in = store.open(image.assetKey(), 0, image.sizeBytes())) {
      return in.readAllBytes();
    }
  }

  /** A link a provider can download the image from without credentials, valid for a while. */
  public URI signedUrl(ImageInput image) {
    String path = "/" + image.assetKey();
    long expires = clock.instant().plus(URL_LIFETIME).getEpochSecond();
    return URI.create(publicUrl + path + "?expires=" + expires + "&sig=" + signature(path, expires));
  }

  /** Whether a presented link is genuine and unexpired; answers the asset key, or null. */
  public String verify(String generationId, String fileName, long expires, String signature) {
    if (!generationId.matches("[A-Za-z0-9_-]{1,100}") || !fileName.matches("\\d{1,2}\\.(jpg|png|webp)")) {
      return null;
    }
    String path = "/inputs/" + generationId + "/" + fileName;
    if (!LinkSignature.valid(secrets.get("input-url-key"), path, expires, signature, clock.instant().getEpochSecond())) {
      return null;
    }
    return path.substring(1);
  }

  public static String contentTypeOf(String fileName) {
    return fileName.endsWith(".png") ? "image/png" : fileName.endsWith(".webp") ? "image/webp" : "image/jpeg";
  }

  private String signature(String path, long expires) {
    return LinkSignature.of(secrets.get("input-url-key"), path, expires);
  }

  private static String extension(String contentType) {
    return switch (contentType) {
      case "image/png" -> "png";
      case "image/webp" -> "webp";
      default -> "jpg";
    };
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
