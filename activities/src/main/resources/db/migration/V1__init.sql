-- Amounts are integers of micro-USD (DESIGN §5).

CREATE TABLE accounts (
    id              uuid PRIMARY KEY,
    name            text        NOT NULL,
    credits_micros  bigint      NOT NULL DEFAULT 0,
    captured_micros bigint      NOT NULL DEFAULT 0,
    reserved_micros bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- the last line of defence against overdraft: available balance never negative
    CONSTRAINT accounts_available_not_negative
        CHECK (credits_micros - captured_micros - reserved_micros >= 0),
    CONSTRAINT accounts_reserved_not_negative CHECK (reserved_micros >= 0)
);

CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    account_id   uuid        NOT NULL REFERENCES accounts (id),
    name         text        NOT NULL,
    key_hash     text        NOT NULL UNIQUE, -- SHA-256 of the key; the key itself is never stored
    preview      text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_account ON api_keys (account_id);

-- One hold per generation; its state moves active -> captured | released exactly once.
CREATE TABLE holds (
    generation_id   uuid PRIMARY KEY,
    account_id      uuid        NOT NULL REFERENCES accounts (id),
    amount_micros   bigint      NOT NULL CHECK (amount_micros >= 0),
    state           text        NOT NULL CHECK (state IN ('active', 'captured', 'released')),
    captured_micros bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    settled_at      timestamptz
);
CREATE INDEX holds_active ON holds (account_id) WHERE state = 'active';

-- The journal of every money movement. idempotency_key is <generationId>:reserve|capture|release
-- for generation movements, so a replayed movement cannot be applied twice.
CREATE TABLE ledger_entries (
    id                   bigserial PRIMARY KEY,
    account_id           uuid        NOT NULL REFERENCES accounts (id),
    generation_id        uuid,
    kind                 text        NOT NULL CHECK (kind IN ('credit', 'reserve', 'capture', 'release')),
    amount_micros        bigint      NOT NULL,
    balance_after_micros bigint      NOT NULL, -- available balance after this movement
    idempotency_key      text        NOT NULL UNIQUE,
    created_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, id);

-- The read model of generations, kept current by the workflow's record activities.
CREATE TABLE generations (
    id                    uuid PRIMARY KEY,
    account_id            uuid        NOT NULL REFERENCES accounts (id),
    model                 text        NOT NULL,
    provider              text        NOT NULL,
    status                text        NOT NULL,
    progress              int         NOT NULL DEFAULT 0,
    prompt                text        NOT NULL,
    negative_prompt       text,
    duration_seconds      int         NOT NULL,
    aspect_ratio          text        NOT NULL,
    resolution            text        NOT NULL,
    seed                  bigint,
    webhook_url           text,
    metadata              text,
    idempotency_key       text,
    estimated_cost_micros bigint      NOT NULL,
    cost_micros           bigint,
    provider_job_id       text,
    asset_key             text,
    video_bytes           bigint,
    video_sha256          text,
    video_duration_ms     bigint,
    video_width           int,
    video_height          int,
    error_code            text,
    error_message         text,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    completed_at          timestamptz
);
CREATE INDEX generations_account_created ON generations (account_id, created_at DESC, id DESC);

-- Client Idempotency-Key -> generation, claimed before the workflow starts.
CREATE TABLE idempotency_keys (
    account_id    uuid        NOT NULL REFERENCES accounts (id),
    key           text        NOT NULL,
    generation_id uuid        NOT NULL,
    request_hash  text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, key)
);

-- Secrets the server generates once and shares between instances (e.g. callback token key).
CREATE TABLE server_secrets (
    name       text PRIMARY KEY,
    value      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Jobs of the built-in simulated provider. Kept in PostgreSQL so a restarted process still
-- knows them (the simulator is an upstream: it must not forget jobs when our worker dies).
CREATE TABLE sim_jobs (
    id               text PRIMARY KEY,
    client_reference text        NOT NULL UNIQUE,
    model            text        NOT NULL,
    prompt           text        NOT NULL,
    duration_seconds int         NOT NULL,
    width            int         NOT NULL,
    height           int         NOT NULL,
    seed             bigint      NOT NULL,
    delay_ms         bigint      NOT NULL,
    outcome          text        NOT NULL CHECK (outcome IN ('succeed', 'fail', 'never')),
    callback_url     text,
    callback_state   text        NOT NULL DEFAULT 'none'
        CHECK (callback_state IN ('none', 'pending', 'sent', 'gave_up')),
    callback_attempts int        NOT NULL DEFAULT 0,
    callback_due_at  timestamptz,
    canceled_at      timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sim_jobs_callbacks_due ON sim_jobs (callback_due_at) WHERE callback_state = 'pending';
