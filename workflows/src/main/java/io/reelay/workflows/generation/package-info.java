/**
 * The generation workflow: one Temporal workflow execution per generation that admits (reserves
 * credits), submits to a provider, waits for the result (callback signal or polling), stores the
 * video and settles billing exactly once. This package holds orchestration only: the activity
 * interfaces here are ports implemented in the activities module.
 */
package io.reelay.workflows.generation;
