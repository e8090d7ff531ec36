package io.reelay.app.dev;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.reelay.activities.accounts.AccountDirectory;
import io.reelay.activities.accounts.ApiKeys;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For the local stack: makes sure an account named "demo" exists (opened with $10.00) and that
 * {@code <data-dir>/demo-api-key} holds a working key for it. Since only key hashes are stored, a
 * lost file means a new key, never a second opening credit.
 */
@Singleton
@Requires(property = "reelay.demo-account.enabled", value = "true")
public class DemoAccount {

  private static final Logger log = LoggerFactory.getLogger(DemoAccount.class);
  static final String NAME = "demo";

  private final AccountDirectory accounts;
  private final Path keyFile;
  private final BigDecimal openingCreditUsd;

  public DemoAccount(
      AccountDirectory accounts,
      @Value("${reelay.data-dir}") String dataDir,
      @Value("${reelay.demo-account.credits-usd:10.00}") BigDecimal openingCreditUsd) {
    this.accounts = accounts;
    this.keyFile = Path.of(dataDir, "demo-api-key");
    this.openingCreditUsd = openingCreditUsd;
  }

  @EventListener
  void onStartup(StartupEvent event) throws IOException {
    if (Files.exists(keyFile)) {
      String existing = Files.readString(keyFile).trim();
      if (accounts.findCaller(ApiKeys.hash(existing)).isPresent()) {
        log.info("demo account ready, API key in {}", keyFile);
        return;
      }
    }
    String key =
        accounts
            .findByName(NAME)
            .map(id -> accounts.issueKey(id, "demo", null).apiKey())
            .orElseGet(
                () ->
                    accounts
                        .create(NAME, openingCreditUsd.movePointRight(6).longValueExact())
                        .apiKey());
    Files.createDirectories(keyFile.getParent());
    Files.writeString(
        keyFile, key + "\n", StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    try {
      Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX filesystem
    }
    log.info("demo account ready, new API key written to {}", keyFile);
  }
}
