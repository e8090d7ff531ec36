/**
 * Client webhooks: one workflow per delivery of a signed event to the customer's URL. Temporal
 * does the retrying (exponential backoff for at least a day, across worker restarts); the
 * activity records every attempt. The URL, the payload and the signing secret stay in PostgreSQL
 * and never enter workflow history: the workflow only knows ids.
 */
package io.reelay.workflows.webhooks;
