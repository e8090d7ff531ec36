-- The metrics' gauges count the generations in flight every few seconds (docs/metrics.md,
-- reelay_generations_active): pending has its partial index already (generations_pending);
-- this one keeps the processing count as cheap, whatever the size of the table.
CREATE INDEX generations_processing ON generations (created_at) WHERE status = 'processing';
