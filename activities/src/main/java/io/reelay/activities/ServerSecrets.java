package io.reelay.activities;

import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets the server makes for itself (e.g. the callback token key). The first instance to need
 * one creates it in PostgreSQL; every other instance reads the same value, so tokens minted by
 * one instance verify on all.
 */
@Singleton
public class ServerSecrets {

  private final ServerSecretRepository secrets;
  private final ConcurrentHashMap<String, byte[]> cache = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  public ServerSecrets(ServerSecretRepository secrets) {
    this.secrets = secrets;
  }

  public byte[] get(String name) {
    return cache.computeIfAbsent(name, this::loadOrCreate);
  }

  // two statements, each committed on its own: the read sees whichever instance's secret won
  private byte[] loadOrCreate(String name) {
    byte[] fresh = new byte[32];
    random.nextBytes(fresh);
    secrets.createIfAbsent(name, Base64.getEncoder().encodeToString(fresh));
    return Base64.getDecoder().decode(secrets.findValueByName(name).orElseThrow());
  }
}
