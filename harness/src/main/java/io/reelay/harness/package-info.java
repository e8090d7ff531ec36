/**
 * Proof under load and faults. {@code stack} starts the real local stack as separate processes
 * (so a test can SIGKILL or restart any of them), {@code bench} measures it, {@code chaos} breaks
 * it while a workload runs and then checks that nothing was lost, stuck or charged twice.
 */
package io.reelay.harness;
