package io.reelay.activities.providers;

import io.reelay.activities.PublicUrl;
import io.reelay.activities.ServerSecrets;
import jakarta.inject.Singleton;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Unguessable per-generation tokens for provider callback URLs. A token is an HMAC of the
 * provider and generation id under a server secret, so it is computed where it is needed and
 * never stored or passed through workflow history.
 */
@Singleton
public class CallbackTokens {

  private final ServerSecrets secrets;
  private final String publicUrl;

  public CallbackTokens(ServerSecrets secrets, PublicUrl publicUrl) {
    this.secrets = secrets;
    this.publicUrl = publicUrl.base();
  }

  public String token(String provider, String generationId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secrets.get("callback-token-key"), "HmacSHA256"));
      byte[] digest =
          mac.doFinal((provider + "/" + generationId).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean verify(String provider, String generationId, String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        token(provider, generationId).getBytes(StandardCharsets.UTF_8),
        presented.getBytes(StandardCharsets.UTF_8));
  }

  /** Where a provider calls back for this generation. */
  public URI callbackUrl(String provider, String generationId) {
    return URI.create(
        publicUrl
            + "/v1/provider-callbacks/"
            + provider
            + "/"
            + generationId
            + "?token="
            + token(provider, generationId));
  }
}
