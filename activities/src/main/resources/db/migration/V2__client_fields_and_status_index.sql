-- What the client sent that must not travel through workflow history (webhook URLs often carry
-- tokens; metadata may carry personal data). The API writes it before starting the workflow;
-- the workflow's first activity copies it into the generations row.
CREATE TABLE generation_client_fields (
    generation_id   uuid PRIMARY KEY,
    account_id      uuid        NOT NULL REFERENCES accounts (id),
    webhook_url     text,
    metadata        text,
    idempotency_key text,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- GET /v1/generations?status=... pages within one status.
CREATE INDEX generations_account_status_created
    ON generations (account_id, status, created_at DESC, id DESC);
