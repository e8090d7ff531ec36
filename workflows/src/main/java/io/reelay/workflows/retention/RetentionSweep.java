package io.reelay.workflows.retention;

/**
 * What one sweep did.
 *
 * @param expired generations it marked expired
 * @param more    whether it stopped at its batch cap with videos still due (the next run goes on)
 */
public record RetentionSweep(int expired, boolean more) {}
