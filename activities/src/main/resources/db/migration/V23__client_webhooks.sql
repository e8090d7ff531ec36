-- Client webhooks (Standard Webhooks): a signing secret per account, an optional default URL,
-- and every message, delivery and attempt, so a customer can see what we sent and when.

-- The secret signs; it must be readable by the app (HMAC), so it is stored as issued. After a
-- rotation the previous secret still signs (a second signature) until previous_valid_until, so
-- receivers can switch over without losing a message.
CREATE TABLE webhook_secrets (
    account_id            uuid PRIMARY KEY REFERENCES accounts (id),
    secret                text        NOT NULL,   -- whsec_<base64 of 32 random bytes>
    created_at            timestamptz NOT NULL DEFAULT now(),
    previous_secret       text,
    previous_valid_until  timestamptz
);

-- Where an account's generations report when the create call names no webhook_url.
CREATE TABLE webhook_endpoints (
    account_id  uuid PRIMARY KEY REFERENCES accounts (id),
    url         text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One message per generation event; its id is the webhook-id header and its payload the exact
-- body, the same on every attempt and redelivery (receivers deduplicate by the id).
CREATE TABLE webhook_messages (
    id             text PRIMARY KEY,
    generation_id  uuid        NOT NULL,
    account_id     uuid        NOT NULL REFERENCES accounts (id),
    event_type     text        NOT NULL,
    payload        text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (generation_id, event_type)
);

-- One delivery per send of a message to a URL: the automatic one, and one per redelivery.
CREATE TABLE webhook_deliveries (
    id             uuid PRIMARY KEY,
    message_id     text        NOT NULL REFERENCES webhook_messages (id),
    generation_id  uuid        NOT NULL,
    account_id     uuid        NOT NULL REFERENCES accounts (id),
    url            text        NOT NULL,
    trigger        text        NOT NULL CHECK (trigger IN ('automatic', 'redelivery')),
    status         text        NOT NULL CHECK (status IN ('sending', 'delivered', 'failed')),
    failure_reason text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz
);
CREATE INDEX webhook_deliveries_generation ON webhook_deliveries (generation_id, created_at);

-- Every attempt: written when it starts, completed with the receiver's answer. An attempt whose
-- worker died mid-call keeps finished_at null.
CREATE TABLE webhook_attempts (
    delivery_id      uuid        NOT NULL REFERENCES webhook_deliveries (id),
    attempt          int         NOT NULL,
    started_at       timestamptz NOT NULL DEFAULT now(),
    finished_at      timestamptz,
    response_status  int,
    error            text,
    duration_ms      int,
    PRIMARY KEY (delivery_id, attempt)
);
