/**
 * Retention: stored videos are deleted some time after their generation completed (a default, or
 * the account's own), and the generation then shows status "expired". A Temporal Schedule
 * ({@link io.reelay.workflows.retention.RetentionWorkflow#SCHEDULE_ID}) starts one sweep workflow
 * every few minutes; each run and each batch it deleted is visible in the Temporal UI.
 */
package io.reelay.workflows.retention;
