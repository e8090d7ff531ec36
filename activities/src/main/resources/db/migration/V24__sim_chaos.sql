-- Faults the simulated provider injects when reelay.simulator.chaos.enabled is on (./reelay chaos).
-- Kept in PostgreSQL so they outlive a SIGKILLed app, and so the harness can count them.

-- Callbacks sent beyond the one a job's end calls for: the terminal one again (duplicate, soon;
-- late, long after) or a stale non-terminal status after the terminal one (out_of_order).
CREATE TABLE sim_chaos_callbacks (
    id            bigserial PRIMARY KEY,
    job_id        text        NOT NULL REFERENCES sim_jobs (id),
    kind          text        NOT NULL CHECK (kind IN ('duplicate', 'late', 'out_of_order')),
    status        text        NOT NULL,   -- what the callback claims
    state         text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'gave_up')),
    attempts      int         NOT NULL DEFAULT 0,
    last_response int,                    -- Reelay's HTTP status of the last attempt
    due_at        timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sim_chaos_callbacks_due ON sim_chaos_callbacks (due_at) WHERE state = 'pending';

-- Windows in which the simulator answered every request with a 5xx, and how many it answered so.
CREATE TABLE sim_chaos_bursts (
    window_start timestamptz PRIMARY KEY,
    errors       int NOT NULL
);
