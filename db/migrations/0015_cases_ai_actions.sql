ALTER TABLE "cases" ADD COLUMN "ai_proposed" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "ai_executed" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
-- Backfill with the rules lib/projections/cases.ts applies at ingest: the actions of the AI's proposals
-- and of the actions an AI carried out. One pass over the AI's decisions, not a probe per case.
UPDATE "cases" c SET "ai_proposed" = a.proposed, "ai_executed" = a.executed
FROM (
  SELECT e.workspace_id, e.case_id,
    coalesce(array_agg(DISTINCT e.action COLLATE "C" ORDER BY e.action COLLATE "C") FILTER (WHERE e.type = 'ai.proposal'), '{}') AS proposed,
    coalesce(array_agg(DISTINCT e.action COLLATE "C" ORDER BY e.action COLLATE "C") FILTER (WHERE e.type = 'action.executed'), '{}') AS executed
  FROM events e
  WHERE e.actor_type = 'ai' AND e.type IN ('ai.proposal', 'action.executed') AND e.action IS NOT NULL
  GROUP BY e.workspace_id, e.case_id
) a
WHERE c.workspace_id = a.workspace_id AND c.case_id = a.case_id;
