-- Events that answer no other event (most of them) stay out of the parent index (db/schema.ts).
-- Rebuilding it here blocks appends while it builds, which on a large ledger takes minutes. To avoid
-- that, build it beforehand without blocking (docs/deployment.md, "Upgrading"); this migration then
-- finds the partial index in place and does nothing.
DO $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM pg_index i
    JOIN pg_class c ON c.oid = i.indexrelid
    WHERE c.relname = 'events_workspace_parent' AND c.relnamespace = current_schema()::regnamespace AND i.indpred IS NOT NULL
  ) THEN
    DROP INDEX IF EXISTS "events_workspace_parent";
    CREATE INDEX "events_workspace_parent" ON "events" USING btree ("workspace_id","parent_id") WHERE parent_id is not null;
  END IF;
END $$;
