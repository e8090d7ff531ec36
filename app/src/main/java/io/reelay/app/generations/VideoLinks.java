package io.reelay.app.generations;

import io.micronaut.context.annotation.Value;
import io.reelay.activities.LinkSignature;
import io.reelay.activities.PublicUrl;
import io.reelay.activities.ServerSecrets;
import io.reelay.activities.generations.GenerationRecord;
import io.reelay.activities.generations.GenerationStatus;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Signed, expiring links to a generation's stored video, for the front doors: their documents'
 * clients download the video URL they are given, some without an Authorization header. The
 * signature is the credential (any instance verifies it); the link names no account.
 */
@Singleton
public class VideoLinks {

  static final String PATH = "/files/videos/";
  private static final String SECRET = "video-url-key";

  private final ServerSecrets secrets;
  private final String publicUrl;
  private final Duration lifetime;
  private final Clock clock;

  public VideoLinks(
      ServerSecrets secrets,
      PublicUrl publicUrl,
      @Value("${reelay.assets.video-link-lifetime:24h}") Duration lifetime) {
    this(secrets, publicUrl.base(), lifetime, Clock.systemUTC());
  }

  VideoLinks(ServerSecrets secrets, String publicUrl, Duration lifetime, Clock clock) {
    if (lifetime.compareTo(Duration.ofMinutes(1)) < 0 || lifetime.compareTo(Duration.ofDays(30)) > 0) {
      throw new IllegalArgumentException("reelay.assets.video-link-lifetime must be from 1m to 30d, not " + lifetime);
    }
    this.secrets = secrets;
    this.publicUrl = publicUrl;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** The link to a completed generation's video; null while it has none. */
  public String url(GenerationRecord generation) {
    if (generation.status() != GenerationStatus.COMPLETED) {
      return null;
    }
    String path = PATH + generation.id() + ".mp4";
    long expires = clock.instant().plus(lifetime).getEpochSecond();
    return publicUrl + path + "?expires=" + expires + "&sig=" + LinkSignature.of(secrets.get(SECRET), path, expires);
  }

  /** The generation a presented link names, if it is genuine and unexpired. */
  public Optional<UUID> verify(String fileName, long expires, String signature) {
    if (!fileName.matches("[0-9a-f-]{36}\\.mp4")) {
      return Optional.empty();
    }
    UUID id;
    try {
      id = UUID.fromString(fileName.substring(0, 36));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    return LinkSignature.valid(secrets.get(SECRET), PATH + fileName, expires, signature, clock.instant().getEpochSecond())
        ? Optional.of(id)
        : Optional.empty();
  }

  public Duration lifetime() {
    return lifetime;
  }
}
