-- The VideoGenAPI emulator's state (a test double of an upstream API, served when the emulators
-- module is on the app's classpath and reelay.emulators.videogenapi.enabled). In PostgreSQL, not
-- in memory, so a restarted app still knows the generations it accepted, as the real upstream
-- would. IF NOT EXISTS: a database from before the emulators had their own migrations may still
-- hold these tables (the app's V20 made them, its V26 drops them).
CREATE TABLE IF NOT EXISTS videogenapi_emulator_jobs (
    id                 text PRIMARY KEY,            -- gen_<13 hex>_<6 digits>, as the API's ids
    request_id         uuid        NOT NULL,
    model              text        NOT NULL,
    type               text        NOT NULL CHECK (type IN ('text-to-video', 'image-to-video')),
    prompt             text        NOT NULL,
    duration_seconds   int         NOT NULL,
    resolution         text        NOT NULL,
    aspect_ratio       text        NOT NULL,
    width              int         NOT NULL,        -- of the video the emulator renders
    height             int         NOT NULL,
    seed               bigint      NOT NULL,
    camera_fixed       boolean     NOT NULL,
    add_audio          boolean     NOT NULL,
    audio_prompt       text,
    image_count        int         NOT NULL,        -- images fetched from image_url / reference_image_urls
    image_bytes        bigint      NOT NULL,        -- their total size
    delay_ms           bigint      NOT NULL,
    outcome            text        NOT NULL CHECK (outcome IN ('complete', 'fail', 'never')),
    url_ttl_ms         bigint      NOT NULL,        -- how long a video_url works after it is handed out
    server_errors_left int         NOT NULL,        -- status reads that still answer 500
    created_at         timestamptz NOT NULL DEFAULT now()
);
-- model rate limits count a model's generations over the last hour; listing pages newest first
CREATE INDEX IF NOT EXISTS videogenapi_emulator_jobs_model_created ON videogenapi_emulator_jobs (model, created_at);
CREATE INDEX IF NOT EXISTS videogenapi_emulator_jobs_created ON videogenapi_emulator_jobs (created_at DESC, id DESC);

-- Prompts carrying [vgapi:429] / [vgapi:429=N]: how many more submissions to refuse.
CREATE TABLE IF NOT EXISTS videogenapi_emulator_throttles (
    prompt_sha256 text PRIMARY KEY,
    refusals_left int  NOT NULL CHECK (refusals_left >= 0)
);
