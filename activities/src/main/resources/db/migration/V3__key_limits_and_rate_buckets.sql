-- Per-key rate limit (requests per minute); NULL means the configured default.
ALTER TABLE api_keys ADD COLUMN rate_limit_per_minute int CHECK (rate_limit_per_minute > 0);

-- Bucket4j's token buckets, one row per API key, shared by every app instance.
CREATE TABLE rate_limit_buckets (
    id         text PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
