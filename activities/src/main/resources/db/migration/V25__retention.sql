-- Retention: a completed generation's video (and its input images) is deleted from the asset
-- store at expires_at, and the generation then shows status 'expired'.
--
-- expires_at is set when the generation completes, from the account's own retention (days) or
-- the configured default; changing an account's retention moves the expiry of its stored videos.
ALTER TABLE accounts ADD COLUMN video_retention_days int
    CHECK (video_retention_days IS NULL OR video_retention_days BETWEEN 1 AND 3650);

ALTER TABLE generations ADD COLUMN expires_at timestamptz;
ALTER TABLE generations ADD COLUMN expired_at timestamptz;

-- videos stored before retention existed get the default's 7 days from their completion
UPDATE generations SET expires_at = completed_at + interval '7 days'
 WHERE status = 'completed' AND completed_at IS NOT NULL;

-- the sweep's question: which stored videos are due
CREATE INDEX generations_due_to_expire ON generations (expires_at) WHERE status = 'completed';
