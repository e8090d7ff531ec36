package io.reelay.app.compat.venice;

import io.micronaut.serde.annotation.Serdeable;
import java.math.BigDecimal;

/** The answer of POST /video/quote: the hold a queue with the same parameters places, in USD. */
@Serdeable
public record VeniceQuote(BigDecimal quote, String currency) {}
