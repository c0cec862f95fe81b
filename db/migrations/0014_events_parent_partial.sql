-- Events that answer no other event (most of them) stay out of the parent index (db/schema.ts).
-- On a large ledger, build the new index first with CREATE INDEX CONCURRENTLY under another name and
-- swap it in, to avoid blocking appends while it builds.
DROP INDEX "events_workspace_parent";--> statement-breakpoint
CREATE INDEX "events_workspace_parent" ON "events" USING btree ("workspace_id","parent_id") WHERE parent_id is not null;