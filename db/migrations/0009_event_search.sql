CREATE TABLE "event_search" (
	"workspace_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"case_id" text NOT NULL,
	"document" "tsvector" NOT NULL,
	CONSTRAINT "event_search_workspace_id_seq_pk" PRIMARY KEY("workspace_id","seq")
);
--> statement-breakpoint
-- Backfill from the ledger; the same expression as the index it replaces (EVENT_SEARCH_DOCUMENT).
INSERT INTO "event_search" ("workspace_id", "seq", "case_id", "document")
SELECT "workspace_id", "seq", "case_id", to_tsvector('english'::regconfig, coalesce(body #>> '{decision,rationale}', '') || ' ' || coalesce(body ->> 'reason', ''))
FROM "events" WHERE body #>> '{decision,rationale}' IS NOT NULL OR body ->> 'reason' IS NOT NULL;--> statement-breakpoint
DROP INDEX "events_search";--> statement-breakpoint
CREATE INDEX "event_search_case" ON "event_search" USING btree ("workspace_id","case_id","seq");--> statement-breakpoint
CREATE INDEX "event_search_document" ON "event_search" USING gin ("document");