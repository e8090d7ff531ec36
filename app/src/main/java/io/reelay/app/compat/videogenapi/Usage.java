package io.reelay.app.compat.videogenapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The {@code usage} object: generations of the account.
 *
 * @param currentMonthUsage generations created this calendar month (UTC), refused ones not counted
 * @param monthlyLimit always null: Reelay limits by balance and rate, not by a count per month
 * @param totalGenerations every generation of the account
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
record Usage(long currentMonthUsage, @Nullable Long monthlyLimit, long totalGenerations) {}
