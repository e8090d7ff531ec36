-- The provider emulators left the product for a module of their own (reelay-emulators), which
-- creates its tables with its own migrations (classpath:db/emulators, history table
-- emulators_schema_history) only where it runs. V20 and V21 stay as they were applied (Flyway
-- checks their checksums); this removes what they made, so a production database keeps none of
-- a test double's tables.
DROP TABLE IF EXISTS videogenapi_emulator_jobs;
DROP TABLE IF EXISTS videogenapi_emulator_throttles;
DROP TABLE IF EXISTS venice_emulator_jobs;
