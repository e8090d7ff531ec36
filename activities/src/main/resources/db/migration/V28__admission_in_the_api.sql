-- The create call now reserves the hold itself, beside the workflow's own reserve (both are the
-- same idempotent Ledger.reserve). A refusal must therefore be remembered: whichever of the two
-- comes second must get the same answer, even if credits arrived in between.
ALTER TABLE holds DROP CONSTRAINT holds_state_check;
ALTER TABLE holds ADD CONSTRAINT holds_state_check
    CHECK (state IN ('active', 'captured', 'released', 'refused'));

-- Load shedding counts the generations admitted but not yet submitted to a provider, several
-- times a second: a partial index keeps that count a small index scan.
CREATE INDEX generations_pending ON generations (created_at) WHERE status = 'pending';
