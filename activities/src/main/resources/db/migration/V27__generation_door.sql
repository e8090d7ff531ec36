-- Which API a generation came through: 'native' (/v1/generations) or a front door's name
-- (vinci, vibegen, videogenapi, venice, openai). The API writes it with the client fields before
-- the workflow starts; the workflow's first activity copies it into the generations row.
ALTER TABLE generation_client_fields ADD COLUMN door text;
ALTER TABLE generations ADD COLUMN door text NOT NULL DEFAULT 'native';
