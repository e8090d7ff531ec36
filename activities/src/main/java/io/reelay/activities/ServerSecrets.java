package io.reelay.activities;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets the server makes for itself (e.g. the callback token key). The first instance to need
 * one creates it in PostgreSQL; every other instance reads the same value, so tokens minted by
 * one instance verify on all.
 */
@Singleton
public class ServerSecrets {

  private final TransactionOperations<Connection> tx;
  private final ConcurrentHashMap<String, byte[]> cache = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  public ServerSecrets(TransactionOperations<Connection> tx) {
    this.tx = tx;
  }

  public byte[] get(String name) {
    return cache.computeIfAbsent(name, this::loadOrCreate);
  }

  private byte[] loadOrCreate(String name) {
    byte[] fresh = new byte[32];
    random.nextBytes(fresh);
    String value =
        tx.executeWrite(
            status -> {
              Connection c = status.getConnection();
              Sql.update(
                  c,
                  "INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                  name,
                  Base64.getEncoder().encodeToString(fresh));
              return Sql.one(
                      c, "SELECT value FROM server_secrets WHERE name = ?", rs -> rs.getString(1), name)
                  .orElseThrow();
            });
    return Base64.getDecoder().decode(value);
  }
}
