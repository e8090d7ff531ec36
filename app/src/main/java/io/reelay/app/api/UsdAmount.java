package io.reelay.app.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a request field (a {@code Long} of micro-USD) that arrives as US dollars, a number or a
 * decimal string ("10.00"): more than 0, at most 1000000, at most six decimals ({@link
 * Usd#parsePositive}). JSON null reads as absent (null); a required amount says @NotNull. Read by
 * {@link StrictJson}'s reader, which knows this form by this annotation.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD, ElementType.RECORD_COMPONENT})
@StrictJson
public @interface UsdAmount {}
