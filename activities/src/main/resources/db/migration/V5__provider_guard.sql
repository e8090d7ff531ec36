-- Shared across every worker: what each upstream provider may still take.

-- One row per call made under a per-minute budget (e.g. Venice: 40 queue, 120 retrieve);
-- rows older than a minute are pruned as new calls come in.
CREATE TABLE provider_calls (
    provider TEXT NOT NULL,
    kind     TEXT NOT NULL,
    at       TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX provider_calls_window ON provider_calls (provider, kind, at);

-- Jobs running upstream, for a provider's concurrency budget. A row lives from submission to
-- the generation's end (or failover away); the lease frees what a lost worker left behind.
CREATE TABLE provider_jobs_in_flight (
    generation_id TEXT PRIMARY KEY,
    provider      TEXT NOT NULL,
    since         TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX provider_jobs_in_flight_provider ON provider_jobs_in_flight (provider);

-- The circuit breaker: consecutive failures, and until when the circuit stays open.
CREATE TABLE provider_circuits (
    provider             TEXT PRIMARY KEY,
    consecutive_failures INT NOT NULL DEFAULT 0,
    open_until           TIMESTAMPTZ,
    last_error           TEXT,
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
