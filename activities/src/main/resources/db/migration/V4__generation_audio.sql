-- Whether the client asked for an audio track (priced with the model's audio surcharge).
ALTER TABLE generations ADD COLUMN audio boolean NOT NULL DEFAULT false;
