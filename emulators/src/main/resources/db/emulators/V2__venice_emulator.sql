-- Jobs of the Venice emulator (a test double of an upstream API). In PostgreSQL so that a
-- restarted app still knows the jobs it queued, as a real provider would. IF NOT EXISTS: see V1.
CREATE TABLE IF NOT EXISTS venice_emulator_jobs (
    queue_id           text PRIMARY KEY,
    -- SHA-256 of the API key that queued the job: jobs are private to a key, the key is not kept
    owner              text        NOT NULL,
    model              text        NOT NULL,
    prompt             text        NOT NULL,
    negative_prompt    text,
    duration_seconds   int         NOT NULL CHECK (duration_seconds IN (5, 10)),
    resolution         text        NOT NULL,
    aspect_ratio       text        NOT NULL,
    audio              boolean     NOT NULL,
    seed               bigint      NOT NULL,
    -- what image_url carried, as recognised by its bytes; null for text-to-video
    image_type         text,
    image_bytes        int,
    image_source       text CHECK (image_source IN ('data_uri', 'url')),
    delay_ms           bigint      NOT NULL,
    outcome            text        NOT NULL CHECK (outcome IN ('complete', 'fail', 'never')),
    server_errors_left int         NOT NULL DEFAULT 0,
    padding_bytes      bigint      NOT NULL DEFAULT 0,
    retrieves          int         NOT NULL DEFAULT 0,
    -- retrieves that answered with the video and have ended (delivered or abandoned), and the
    -- video bytes they handed to the connection
    video_sends        int         NOT NULL DEFAULT 0,
    video_bytes_sent   bigint      NOT NULL DEFAULT 0,
    created_at         timestamptz NOT NULL DEFAULT now(),
    deleted_at         timestamptz
);
