-- The timeline of each generation, as API clients read and stream it (GET .../events).
-- Written in the same transaction as the state change it describes, where there is one.
--
-- seq numbers a generation's events 1, 2, 3, ... in commit order: writers take a per-generation
-- advisory lock before they pick the next number, so a reader that remembers the last seq it
-- saw never skips an event that commits late.
--
-- Activities are retried, so every event carries a dedupe key (e.g. 'submitted:sim:<job>',
-- 'progress:<job>:40', 'stored', 'terminal'): writing it again changes nothing.
-- No foreign key to generations: the ledger is tested (and may be used) without that row.
CREATE TABLE generation_events (
    generation_id UUID        NOT NULL,
    seq           INT         NOT NULL,
    type          TEXT        NOT NULL,
    at            TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    dedupe_key    TEXT        NOT NULL,
    -- type-specific fields; money in micro-USD like everywhere in the database
    data          JSONB       NOT NULL DEFAULT '{}'::jsonb,
    PRIMARY KEY (generation_id, seq),
    UNIQUE (generation_id, dedupe_key)
);
